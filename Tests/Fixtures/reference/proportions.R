# Reference values for Readout's proportion intervals. Run: Rscript proportions.R > proportions.csv
cases <- list(c(42,107), c(29,107), c(33,76), c(29,76), c(23,60), c(13,60), c(32,64), c(22,64),
              c(0,10), c(10,10), c(1,1), c(0,1), c(5,20), c(1,112), c(111,112), c(50,100), c(3,7))
options(digits = 17)
cat("x,n,method,lower,upper\n")
for (cs in cases) {
  x <- cs[1]; n <- cs[2]
  cp <- binom.test(x, n)$conf.int
  w <- suppressWarnings(prop.test(x, n, correct = FALSE)$conf.int)
  wc <- suppressWarnings(prop.test(x, n, correct = TRUE)$conf.int)
  jl <- if (x == 0) 0 else qbeta(0.025, x + 0.5, n - x + 0.5)
  ju <- if (x == n) 1 else qbeta(0.975, x + 0.5, n - x + 0.5)
  z <- qnorm(0.975); nt <- n + z^2; pt <- (x + z^2/2) / nt; h <- z * sqrt(pt * (1 - pt) / nt)
  for (row in list(list("clopper-pearson", cp[1], cp[2]), list("wilson", w[1], w[2]), list("wilson-cc", wc[1], wc[2]),
                   list("jeffreys", jl, ju), list("agresti-coull", max(0, pt - h), min(1, pt + h)))) {
    cat(sprintf("%d,%d,%s,%.17g,%.17g\n", x, n, row[[1]], row[[2]], row[[3]]))
  }
}

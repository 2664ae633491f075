# Reference posterior summaries for Readout's BLRM, on the single-agent example of Neuenschwander,
# Branson and Gsponer (2008): doses 1, 2.5, 5, 10, 25 mg with 0/3, 0/4, 0/5, 0/4, 2/2 DLTs; reference
# dose 250; log(alpha) ~ N(logit 0.5, 2^2), log(beta) ~ N(log 1, 1^2), independent (as OncoBayes2's
# example-single-agent). Computed by nested adaptive quadrature (R's integrate).
# Run: Rscript blrm.R > blrm.csv
options(digits = 17)
d <- c(1, 2.5, 5, 10, 25); n <- c(3, 4, 5, 4, 2); y <- c(0, 0, 0, 0, 2); dref <- 250
doses <- c(1, 2.5, 5, 10, 15, 20, 25, 30, 40, 50, 75, 100, 150, 200, 250)
post <- function(la, lb) {
  eta <- la + exp(lb) * log(d / dref); p <- 1 / (1 + exp(-eta))
  exp(sum(dbinom(y, n, p, log = TRUE))) * dnorm(la, 0, 2) * dnorm(lb, 0, 1)
}
# Outer integral over log(beta), inner over log(alpha) between limits that may depend on log(beta)
# (so that the interval probabilities integrate smooth functions over exact regions).
integ <- function(g, lo = function(b) -15, hi = function(b) 15) integrate(function(lb) sapply(lb, function(b) {
  l <- max(-15, lo(b)); h <- min(15, hi(b)); if (h <= l) return(0)
  integrate(function(la) sapply(la, function(a) g(a, b) * post(a, b)), l, h, rel.tol = 1e-11, subdivisions = 1000L)$value
}), -8, 8, rel.tol = 1e-11, subdivisions = 1000L)$value
z <- integ(function(a, b) 1)
cat("quantity,dose,value\n")
cat(sprintf("mean_log_alpha,0,%.17g\n", integ(function(a, b) a) / z))
cat(sprintf("mean_log_beta,0,%.17g\n", integ(function(a, b) b) / z))
for (dd in doses) {
  pd <- function(a, b) 1 / (1 + exp(-(a + exp(b) * log(dd / dref))))
  cat(sprintf("mean_p,%g,%.17g\n", dd, integ(pd) / z))
  bound <- function(q) function(b) qlogis(q) - exp(b) * log(dd / dref)
  one <- function(a, b) 1
  cat(sprintf("p_over,%g,%.17g\n", dd, integ(one, lo = bound(0.33)) / z))
  cat(sprintf("p_target,%g,%.17g\n", dd, integ(one, lo = bound(0.16), hi = bound(0.33)) / z))
}

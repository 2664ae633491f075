# Reference values for Readout's escalation designs, computed from the published definitions with
# base R (pbeta, integrate). Run: Rscript escalation.R > escalation.csv
options(digits = 17)
cat("quantity,a,b,value\n")
phi <- 0.3; p1 <- 0.6 * phi; p2 <- 1.4 * phi
le <- log((1 - p1) / (1 - phi)) / log(phi * (1 - p1) / (p1 * (1 - phi)))
ld <- log((1 - phi) / (1 - p2)) / log(p2 * (1 - phi) / (phi * (1 - p2)))
cat(sprintf("boin_lambda_e,0.3,0,%.17g\nboin_lambda_d,0.3,0,%.17g\n", le, ld))
for (n in 1:20) {
  el <- NA
  for (y in 0:n) if (n >= 3 && 1 - pbeta(phi, y + 1, n - y + 1) > 0.95) { el <- y; break }
  cat(sprintf("boin_escalate_max,%d,0,%d\n", n, floor(n * le + 1e-12)))
  cat(sprintf("boin_deescalate_min,%d,0,%d\n", n, ceiling(n * ld - 1e-12)))
  cat(sprintf("boin_eliminate_min,%d,0,%s\n", n, ifelse(is.na(el), "NA", as.character(el))))
}
# Keyboard (target 0.3, keys of width 0.1): decision by the key with the largest posterior mass per unit width.
lo <- 0.25; hi <- 0.35; w <- 0.1
keys <- list(c(lo, hi, 0)); a <- lo; while (a > 1e-12) { keys[[length(keys) + 1]] <- c(max(0, a - w), a, -1); a <- a - w }
b <- hi; while (b < 1 - 1e-12) { keys[[length(keys) + 1]] <- c(b, min(1, b + w), 1); b <- b + w }
for (n in 1:12) for (y in 0:n) {
  m <- sapply(keys, function(k) (pbeta(k[2], 1 + y, 1 + n - y) - pbeta(k[1], 1 + y, 1 + n - y)) / (k[2] - k[1]))
  side <- keys[[which.max(m)]][3]
  cat(sprintf("keyboard_side,%d,%d,%d\n", n, y, side))
}
# CRM posterior mean of beta: empiric model, skeleton below, sigma 1.34.
sk <- c(0.05, 0.12, 0.25, 0.40, 0.55)
crm <- function(n, y, model) {
  lik <- function(b) sapply(b, function(bb) {
    p <- if (model == "empiric") sk^exp(bb) else 1 / (1 + exp(-(3 + exp(bb) * (log(sk / (1 - sk)) - 3))))
    prod(p^y * (1 - p)^(n - y)) * dnorm(bb, 0, 1.34)
  })
  num <- integrate(function(b) b * lik(b), -Inf, Inf, rel.tol = 1e-12)$value
  den <- integrate(lik, -Inf, Inf, rel.tol = 1e-12)$value
  num / den
}
cases <- list(list(c(3, 3, 3, 0, 0), c(0, 0, 1, 0, 0)), list(c(3, 6, 3, 0, 0), c(0, 1, 2, 0, 0)), list(c(3, 3, 6, 6, 3), c(0, 0, 1, 2, 2)))
for (i in seq_along(cases)) for (model in c("empiric", "logistic")) cat(sprintf("crm_beta_%s,%d,0,%.17g\n", model, i, crm(cases[[i]][[1]], cases[[i]][[2]], model)))
# TITE-CRM: posterior mean of beta with patients still in their window, each contributing
# (1 - w p) with w the fraction of the window observed (Cheung and Chappell 2000), empiric model,
# prior variance 1.34 as dfcrm. Patients: dose level, DLT (1/0), weight.
tite <- list(
  list(level = c(1, 1, 1, 2, 2, 2), tox = c(0, 0, 0, 0, 1, 0), w = c(1, 1, 1, 0.5, 1, 0.25)),
  list(level = c(1, 1, 1, 2, 2, 2, 3, 3), tox = c(0, 0, 0, 1, 0, 0, 0, 0), w = c(1, 1, 1, 1, 1, 0.9, 0.3, 0.1))
)
for (i in seq_along(tite)) {
  t <- tite[[i]]
  lik <- function(b) sapply(b, function(bb) {
    p <- sk[t$level]^exp(bb)
    prod(ifelse(t$tox == 1, p, 1 - t$w * p)) * dnorm(bb, 0, sqrt(1.34))
  })
  num <- integrate(function(b) b * lik(b), -Inf, Inf, rel.tol = 1e-12)$value
  den <- integrate(lik, -Inf, Inf, rel.tol = 1e-12)$value
  cat(sprintf("tite_crm_beta,%d,0,%.17g\n", i, num / den))
}

# Reference operating characteristics of BOIN12 (Lin, Zhou, Yan, Li and Yuan, JCO Precision Oncology
# 2020) for OptimalDoseTests: an implementation in R of the rules written in docs/optimal-dose.md,
# written separately from Readout's (its own random numbers, latent bivariate normals for correlated
# outcomes, Iso's pava and ufit for the estimates). Run once, by hand (tests never call R):
#   R CMD INSTALL Iso                       # the CRAN sources (Iso 0.0-21)
#   Rscript Tests/Fixtures/reference/boin12.R > Tests/Fixtures/reference/simulation/boin12.txt
# It prints, per scenario, the selection percentages, mean patients, toxicities and responses per
# dose, and the percentage of trials with no OBD.
suppressMessages(library(Iso))

boundaries <- function(phiT, phiE, nmax, cT = 0.95, cE = 0.9) {
  phi1 <- 0.6 * phiT; phi2 <- 1.4 * phiT
  lambdaE <- log((1 - phi1) / (1 - phiT)) / log(phiT * (1 - phi1) / (phi1 * (1 - phiT)))
  lambdaD <- log((1 - phiT) / (1 - phi2)) / log(phi2 * (1 - phiT) / (phiT * (1 - phi2)))
  esc <- deesc <- elimT <- elimE <- rep(NA, nmax)
  for (n in 1:nmax) {
    esc[n] <- floor(n * lambdaE + 1e-10)
    x <- n * lambdaD
    deesc[n] <- if (abs(round(x) - x) < 1e-10) round(x) + 1 else ceiling(x)
    if (n >= 3) {
      t <- which(1 - pbeta(phiT, (0:n) + 1, n - (0:n) + 1) > cT)
      if (length(t) > 0) { elimT[n] <- min(t) - 1; deesc[n] <- min(deesc[n], elimT[n]) }
      e <- which(pbeta(phiE, (0:n) + 1, n - (0:n) + 1) > cE)
      if (length(e) > 0) elimE[n] <- max(e) - 1
    }
  }
  list(esc = esc, deesc = deesc, elimT = elimT, elimE = elimE)
}

one.trial <- function(pT, pE, rho, phiT, phiE, u, ncohort, csize, nstar, explore, earlystop, b) {
  J <- length(pT)
  ubar <- u[1] * phiE * (1 - phiT) + u[2] * (1 - phiE) * (1 - phiT) + u[3] * phiE * phiT + u[4] * (1 - phiE) * phiT
  ub <- (ubar + (100 - ubar) / 2) / 100
  n <- yT <- yE <- x <- rep(0, J)
  elim <- rep(FALSE, J)
  d <- 1; none <- FALSE
  desir <- function(k) if (elim[k]) 0 else 1 - pbeta(ub, 1 + x[k], 1 + n[k] - x[k])
  for (i in 1:ncohort) {
    z1 <- rnorm(csize); z2 <- rho * z1 + sqrt(1 - rho^2) * rnorm(csize)
    tox <- z1 < qnorm(pT[d]); eff <- z2 < qnorm(pE[d])
    n[d] <- n[d] + csize; yT[d] <- yT[d] + sum(tox); yE[d] <- yE[d] + sum(eff)
    x[d] <- x[d] + sum(u[1] * (eff & !tox) + u[2] * (!eff & !tox) + u[3] * (eff & tox) + u[4] * (!eff & tox)) / 100
    m <- n[d]
    if (!is.na(b$elimT[m]) && yT[d] >= b$elimT[m]) {
      elim[d:J] <- TRUE
      if (d == 1) { none <- TRUE; break }
    }
    if (!is.na(b$elimE[m]) && yE[d] <= b$elimE[m]) elim[d] <- TRUE
    if (all(elim)) { none <- TRUE; break }
    if (!is.null(earlystop) && m >= earlystop) break
    below <- if (d > 1 && any(!elim[1:(d - 1)])) max(which(!elim[1:(d - 1)])) else NA
    above <- if (d < J && any(!elim[(d + 1):J])) d + min(which(!elim[(d + 1):J])) else NA
    if (yT[d] >= b$deesc[m]) {
      if (!is.na(below)) nxt <- below else if (!elim[d]) nxt <- d else { none <- TRUE; break }
    } else {
      cand <- d
      if (!is.na(below)) cand <- c(cand, below)
      if (!is.na(above) && (m < nstar || yT[d] <= b$esc[m])) cand <- c(cand, above)
      s <- sapply(cand, desir)
      best <- which(s == max(s))
      nxt <- cand[if (length(best) == 1) best else sample(best, 1)]
      if (elim[nxt]) { none <- TRUE; break }
    }
    if (!is.null(explore) && !is.na(above) && m >= explore && n[above] == 0 && yT[d] < b$deesc[m]) nxt <- above
    d <- nxt
  }
  sel <- NA
  if (!none) {
    estT <- pava((yT + 0.05) / (n + 0.1), n + 0.1) + 0.001 * (1:J)
    raw <- (yE + 0.05) / (n + 0.1)
    fits <- sapply(1:J, function(k) ufit(raw, imode = k, w = n + 0.5)$y)
    ll <- apply(fits, 2, function(f) sum(dbinom(yE, n, f, log = TRUE)))
    w <- exp(ll - max(ll)); w <- w / sum(w)
    estE <- as.vector(fits %*% w) + 0.01 * (1:J)
    util <- u[1] * estE * (1 - estT) + u[2] * (1 - estE) * (1 - estT) + u[3] * estE * estT + u[4] * (1 - estE) * estT
    util[elim | n == 0] <- NA
    mtd <- which.min(abs(estT - phiT))
    if (any(!is.na(util[1:mtd]))) sel <- which.max(util[1:mtd])
  }
  list(sel = sel, n = n, yT = yT, yE = yE)
}

scenarios <- list(
  # trialdesign.org's defaults as quoted in brockk/escalation#8, without extra exploration.
  published = list(pT = c(0.03, 0.17, 0.35, 0.50, 0.65), pE = c(0.12, 0.39, 0.43, 0.55, 0.65), rho = 0,
                   u = c(100, 40, 60, 0), explore = NULL),
  # The same design with extra exploration at 9 patients; correlated outcomes; a plateau.
  plateau = list(pT = c(0.05, 0.10, 0.15, 0.30, 0.45), pE = c(0.10, 0.30, 0.50, 0.50, 0.50), rho = 0.4,
                 u = c(100, 40, 60, 0), explore = 9),
  # Utilities that are not additive (both 50): the patients with both outcomes count apart.
  unimodal = list(pT = c(0.02, 0.06, 0.12, 0.20, 0.30), pE = c(0.20, 0.45, 0.60, 0.40, 0.25), rho = -0.3,
                  u = c(100, 35, 50, 0), explore = 9)
)
set.seed(2020)
ntrial <- 20000
for (name in names(scenarios)) {
  s <- scenarios[[name]]
  b <- boundaries(0.35, 0.25, 36)
  J <- length(s$pT)
  sel <- rep(0, J); none <- 0; n <- yT <- yE <- rep(0, J)
  for (t in 1:ntrial) {
    r <- one.trial(s$pT, s$pE, s$rho, 0.35, 0.25, s$u, 12, 3, 6, s$explore, 12, b)
    if (is.na(r$sel)) none <- none + 1 else sel[r$sel] <- sel[r$sel] + 1
    n <- n + r$n; yT <- yT + r$yT; yE <- yE + r$yE
  }
  cat("scenario", name, "ntrial", ntrial, "\n")
  cat("selpercent", format(100 * sel / ntrial, nsmall = 3), "\n")
  cat("npatients", format(n / ntrial, nsmall = 4), "\n")
  cat("ntox", format(yT / ntrial, nsmall = 4), "\n")
  cat("neff", format(yE / ntrial, nsmall = 4), "\n")
  cat("percentnone", 100 * none / ntrial, "\n")
}

# BOIN's boundaries for φT = 0.35 (get.boundary of the BOIN package, version 2.7.2), the unimodal
# fits and the desirabilities OptimalDoseTests checks exactly.
suppressMessages(library(BOIN))
print(get.boundary(target = 0.35, ncohort = 4, cohortsize = 3)$full_boundary_tab)
# Equal weights; then the second value's weight 2 as that value written twice (Iso's weighted ufit
# gives 0.425 for the mode at 3, where the weighted least-squares fit is 0.475).
y <- c(0.1, 0.5, 0.3, 0.6, 0.2)
for (m in 1:5) cat("ufit mode", m, format(ufit(y, imode = m)$y, digits = 15), "\n")
y2 <- c(0.1, 0.5, 0.5, 0.3, 0.6, 0.2)
for (m in 1:5) cat("ufit doubled mode", m, format(ufit(y2, imode = c(1, 3, 4, 5, 6)[m])$y[-2], digits = 15), "\n")
# The worked example: 3 patients at dose 1, no toxicity, 1 response: x = (100 + 2 × 40)/100.
cat("desirability", format(1 - pbeta(0.705, 1 + 1.8, 1 + 3 - 1.8), digits = 15), "untried", 1 - 0.705, "\n")
# Rank-based desirability scores for 0, 3, 6 and 9 patients (admissible entries ranked together).
b <- boundaries(0.35, 0.25, 9)
rows <- NULL
for (n in c(0, 3, 6, 9)) for (t in 0:n) for (r in 0:n) {
  ok <- n == 0 || ((is.na(b$elimT[n]) || t < b$elimT[n]) && (is.na(b$elimE[n]) || r > b$elimE[n]))
  x <- (60 * r + 40 * (n - t)) / 100
  rows <- rbind(rows, c(n, t, r, ok, 1 - pbeta(0.705, 1 + x, 1 + n - x)))
}
score <- rep(NA, nrow(rows)); ok <- rows[, 4] == 1
score[ok] <- rank(rows[ok, 5])
for (i in which(rows[, 1] == 9 & rows[, 2] == 2)) cat("rds 9 2", rows[i, 3], score[i], "\n")
cat("rds 0 0 0", score[1], "\n")

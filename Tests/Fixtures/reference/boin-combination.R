# Reference operating characteristics of BOIN for drug combinations (Lin and Yin 2017), from the
# R BOIN package's get.oc.comb (version 2.7.2, with Iso 0.0-21), for CombinationSimulationTests.
# Run once, by hand (tests never call R):
#   R CMD INSTALL Iso BOIN        # the CRAN sources
#   Rscript Tests/Fixtures/reference/boin-combination.R
# It prints, per scenario, the selection percentages, mean patients and mean DLTs per combination,
# the percentage stopped early, and the mean totals; the test keeps them with their Monte Carlo
# standard errors.
suppressMessages(library(BOIN))
scenarios <- list(
  # The package's documented example (get.oc.comb's help page).
  example = list(p = matrix(c(0.01, 0.03, 0.10, 0.20, 0.30,
                              0.03, 0.05, 0.15, 0.30, 0.60,
                              0.08, 0.10, 0.30, 0.60, 0.75), byrow = TRUE, ncol = 5),
                 earlystop = 12),
  # Two MTDs on the diagonal; the same design without the early stop (n.earlystop = 100).
  diagonal = list(p = matrix(c(0.05, 0.10, 0.15, 0.30, 0.45,
                               0.10, 0.15, 0.30, 0.45, 0.55,
                               0.15, 0.30, 0.45, 0.50, 0.60), byrow = TRUE, ncol = 5),
                  earlystop = 100),
  # Everything too toxic from the start: most trials stop at (1, 1).
  toxic = list(p = matrix(c(0.45, 0.50, 0.55,
                            0.50, 0.55, 0.60,
                            0.55, 0.60, 0.65), byrow = TRUE, ncol = 3),
               earlystop = 12)
)
ntrial <- 20000
for (name in names(scenarios)) {
  s <- scenarios[[name]]
  oc <- get.oc.comb(target = 0.3, p.true = s$p, ncohort = 20, cohortsize = 3, n.earlystop = s$earlystop,
                    startdose = c(1, 1), ntrial = ntrial, seed = 6)
  cat("scenario", name, "ntrial", ntrial, "\n")
  cat("selpercent", format(t(oc$selpercent), nsmall = 2), "\n")
  cat("npatients", format(t(oc$npatients), nsmall = 2), "\n")
  cat("ntox", format(t(oc$ntox), nsmall = 2), "\n")
  cat("percentstop", oc$percentstop, "totaln", oc$totaln, "totaltox", oc$totaltox, "\n")
}

# The boundaries (get.boundary's full table for target 0.3, 20 cohorts of 3) and two bivariate
# isotonic fits (Iso::biviso) that CombinationTests checks exactly:
#   y1 <- matrix(c(0.5, 0.1, 0.2, 0.3), 2, byrow = TRUE); biviso(y1)
#   y2 (3 × 5) and w2 as in CombinationTests.biviso2; biviso(y2, w2, eps = 1e-12, eps2 = 1e-12)
b <- get.boundary(target = 0.3, ncohort = 20, cohortsize = 3)$full_boundary_tab
print(b)

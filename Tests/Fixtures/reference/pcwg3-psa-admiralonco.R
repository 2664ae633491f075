# PSA50 and PSA90, unconfirmed and confirmed, by the events of admiralonco's PCWG3 vignette
# (vignettes/adrs_pcwg3.Rmd: psa50_y, psa50_confirmed, psa90_y, psa90_confirmed, psa_n, psa_missing),
# written out in base R, for comparing `readout psa` on public data. Not run by the tests.
#
# Data: pharmaversesdtm's lb_onco_pcwg3 and ex (data/*.rda), written as lb.csv and ex.csv:
#   for (f in c("ex", "lb_onco_pcwg3")) { e <- new.env(); load(paste0(f, ".rda"), envir = e)
#     write.csv(get(ls(e)[1], envir = e), paste0(sub("_onco_pcwg3", "", f), ".csv"), row.names = FALSE, na = "") }
# (dm.csv likewise). Run: Rscript pcwg3-psa-admiralonco.R FOLDER; compare with
# `readout psa FOLDER --format csv` (columns PSA50URS, PSA50CRS, PSA90URS, PSA90CRS).
# The first dose (TRTSDT) is the earliest EXSTDTC, as Readout takes it.
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) > 0) args[1] else "."
lb <- read.csv(file.path(dir, "lb.csv"), colClasses = "character")
ex <- read.csv(file.path(dir, "ex.csv"), colClasses = "character")
first_dose <- tapply(as.Date(substr(ex$EXSTDTC, 1, 10)), ex$USUBJID, min)
psa <- lb[lb$LBTESTCD == "PSA" & lb$LBORRES != "", ]
psa$ADT <- as.Date(substr(psa$LBDTC, 1, 10))
psa$AVAL <- as.numeric(psa$LBSTRESN)
psa$TRTSDT <- as.Date(first_dose[psa$USUBJID], origin = "1970-01-01")
result <- NULL
for (s in sort(unique(psa$USUBJID))) {
  d <- psa[psa$USUBJID == s, ]
  d <- d[order(d$ADT), ]
  pre <- d[!is.na(d$AVAL) & d$ADT <= d$TRTSDT, ]
  base <- if (nrow(pre) > 0) pre$AVAL[nrow(pre)] else NA
  post <- d[d$ADT > d$TRTSDT, ]
  pchg <- (post$AVAL - base) / base * 100
  unconfirmed <- function(limit) if (any(!is.na(pchg) & pchg <= -limit)) "Y" else "N"
  confirmed <- function(limit) {
    for (i in seq_along(pchg)) {
      if (is.na(pchg[i]) || pchg[i] > -limit) next
      later <- which(seq_along(pchg) > i & post$ADT >= post$ADT[i] + 21 & !is.na(pchg) & pchg <= -limit)
      if (length(later) > 0) return("Y")
    }
    "N"
  }
  result <- rbind(result, data.frame(
    USUBJID = s, PSA50URS = unconfirmed(50), PSA50CRS = confirmed(50),
    PSA90URS = unconfirmed(90), PSA90CRS = confirmed(90)))
}
write.csv(result, stdout(), row.names = FALSE, quote = FALSE)

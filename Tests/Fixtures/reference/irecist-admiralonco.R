# iBOR and confirmed iBOR by the rules of admiralonco's iRECIST vignette (vignettes/irecist.Rmd:
# the events ibor_icr ... ibor_ne and icbor_icr, icbor_ipr), written out in base R, for comparing
# Readout's iRECIST derivation on public data. Not run by the tests (they never call R).
#
# Data: pharmaversesdtm's rs_onco_irecist, ex (github.com/pharmaverse/pharmaversesdtm, data/*.rda),
# written as CSV into a folder:
#   for (f in c("ex", "rs_onco_irecist")) { e <- new.env(); load(paste0(f, ".rda"), envir = e)
#     write.csv(get(ls(e)[1], envir = e), paste0(sub("_onco_irecist", "", f), ".csv"), row.names = FALSE, na = "") }
# (dm.csv likewise). Run: Rscript irecist-admiralonco.R FOLDER > expected.csv
# Compare with: readout responses FOLDER --criteria irecist --include-first-dose-day \
#   --same-date-order ne-least-bad --pr-after-cr breaks-confirmation --no-assessment-missing --format csv
#
# The reference date is the first dose (the vignette uses RANDDT from ADSL, which SDTM lacks);
# partial dates are the first day of their month, as Readout imputes a start date.
args <- commandArgs(trailingOnly = TRUE)
dir <- if (length(args) > 0) args[1] else "."
rs <- read.csv(file.path(dir, "rs.csv"), colClasses = "character")
ex <- read.csv(file.path(dir, "ex.csv"), colClasses = "character")

day <- function(x) {
  x <- substr(x, 1, 10)
  x[nchar(x) == 7] <- paste0(x[nchar(x) == 7], "-01")
  as.Date(x)
}
first_dose <- tapply(day(ex$EXSTDTC), ex$USUBJID, min)
aval <- c("NE" = 8, "MISSING" = 7, "iCR" = 6, "iPR" = 5, "iSD" = 4, "NON-iCR/NON-iUPD" = 3, "iUPD" = 2, "iCPD" = 1)

ovr <- rs[rs$RSTESTCD == "OVRLRESP" & rs$RSEVAL == "INVESTIGATOR", ]
ovr$ADT <- day(ovr$RSDTC)
ovr$TRTSDT <- as.Date(first_dose[ovr$USUBJID], origin = "1970-01-01")
ovr$AVAL <- aval[ovr$RSSTRESC]
ovr <- ovr[!is.na(ovr$AVAL) & ovr$RSSTRESC != "MISSING" & !is.na(ovr$ADT) & ovr$ADT >= ovr$TRTSDT, ]

result <- NULL
for (s in sort(unique(ovr$USUBJID))) {
  d <- ovr[ovr$USUBJID == s, ]
  d <- d[order(d$ADT, d$AVAL, as.numeric(d$RSSEQ)), ]
  d <- d[!duplicated(d$ADT), ]                       # ANL01FL: the worst of a date
  k <- match("iCPD", d$RSSTRESC)
  if (!is.na(k)) d <- d[seq_len(k), ]                # ANL02FL: up to the first iCPD
  v <- d$RSSTRESC
  t <- d$ADT
  n <- length(v)
  ref <- d$TRTSDT[1]
  window <- function(i, upper) {                     # records after i up to the first meeting `upper`
    for (j in seq_len(n)[seq_len(n) > i]) if (upper(j)) return((i + 1):j)
    NULL
  }
  confirmed_cr <- any(sapply(seq_len(n), function(i) {
    if (v[i] != "iCR") return(FALSE)
    w <- window(i, function(j) v[j] == "iCR" && t[j] >= t[i] + 28)
    !is.null(w) && all(v[w] %in% c("iCR", "NE")) && sum(v[w] == "NE") <= 1
  }))
  confirmed_pr <- any(sapply(seq_len(n), function(i) {
    if (v[i] != "iPR") return(FALSE)
    w <- window(i, function(j) v[j] %in% c("iCR", "iPR") && t[j] >= t[i] + 28)
    if (is.null(w) || !all(v[w] %in% c("iCR", "iPR", "NE")) || sum(v[w] == "NE") > 1) return(FALSE)
    cr <- t[w][v[w] == "iCR"]
    pr <- t[w][v[w] == "iPR"]
    length(cr) == 0 || length(pr) == 0 || min(cr) > max(pr)
  }))
  icpd <- any(sapply(seq_len(n), function(i) {
    if (v[i] != "iUPD") return(FALSE)
    w <- window(i, function(j) v[j] == "iCPD")
    !is.null(w) && all(v[w] %in% c("iCPD", "iUPD", "NE"))
  }))
  late <- t >= ref + 42
  rest <- function() {
    if (any(v %in% c("iCR", "iPR", "iSD") & late)) return("iSD")
    if (any(v == "NON-iCR/NON-iUPD" & late)) return("NON-iCR/NON-iUPD")
    if (icpd) return("iCPD")
    if (any(v == "iUPD")) return("iUPD")
    if (any(v %in% c("iCR", "iPR", "iSD", "NON-iCR/NON-iUPD", "NE"))) return("NE")
    "MISSING"
  }
  ibor <- if (any(v == "iCR")) "iCR" else if (any(v == "iPR")) "iPR" else rest()
  icbor <- if (confirmed_cr) "iCR" else if (confirmed_pr) "iPR" else rest()
  result <- rbind(result, data.frame(USUBJID = s, IBOR = ibor, ICBOR = icbor))
}
write.csv(result, stdout(), row.names = FALSE, quote = FALSE)

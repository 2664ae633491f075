# Reference quantiles for Readout's descriptive statistics. Run: Rscript summary.R > summary.csv
library(survival)
options(digits = 17)
samples <- list(a = c(5, 1, 3, 2, 4), b = c(2.5, 7, 1, 9, 4, 4, 10, 3), c = c(42), d = c(1, 2), e = aml$time)
cat("sample,type,p,value\n")
for (nm in names(samples)) for (ty in c(2, 6, 7)) for (p in c(0.25, 0.5, 0.75)) cat(sprintf("%s,%d,%g,%.17g\n", nm, ty, p, quantile(samples[[nm]], p, type = ty)))
fit <- survfit(Surv(time, 1 - status) ~ 1, data = aml)
cat(sprintf("reverse-km-aml,0,0.5,%.17g\n", quantile(fit, 0.5)$quantile))

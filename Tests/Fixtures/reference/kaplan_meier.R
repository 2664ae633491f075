# Reference values for Readout's Kaplan-Meier estimates: the aml data set of the survival package
# (Miller 1981) and the lung data set. Run: Rscript kaplan_meier.R > kaplan_meier.csv
library(survival)
options(digits = 17)
cat("data,group,conftype,quantity,time,value\n")
emit <- function(name, group, time, status) {
  for (ct in c("log", "log-log", "plain")) {
    fit <- survfit(Surv(time, status) ~ 1, conf.type = ct)
    q <- quantile(fit, c(0.25, 0.5, 0.75))
    for (i in 1:3) {
      p <- c(0.25, 0.5, 0.75)[i]
      cat(sprintf("%s,%s,%s,quantile%g,,%.17g\n", name, group, ct, p, q$quantile[i]))
      cat(sprintf("%s,%s,%s,lower%g,,%.17g\n", name, group, ct, p, q$lower[i]))
      cat(sprintf("%s,%s,%s,upper%g,,%.17g\n", name, group, ct, p, q$upper[i]))
    }
    for (j in seq_along(fit$time)) {
      cat(sprintf("%s,%s,%s,surv,%.17g,%.17g\n", name, group, ct, fit$time[j], fit$surv[j]))
      cat(sprintf("%s,%s,%s,lowerci,%.17g,%.17g\n", name, group, ct, fit$time[j], fit$lower[j]))
      cat(sprintf("%s,%s,%s,upperci,%.17g,%.17g\n", name, group, ct, fit$time[j], fit$upper[j]))
    }
  }
}
for (g in c("Maintained", "Nonmaintained")) { d <- aml[aml$x == g, ]; emit("aml", g, d$time, d$status) }
emit("lung", "all", lung$time, lung$status - 1)
for (g in 1:2) { d <- lung[lung$sex == g, ]; emit("lung", paste0("sex", g), d$time, d$status - 1) }

# Reference values for Readout's special functions. Run: Rscript special.R > special.csv
options(digits = 17)
cat("function,a,b,x,value\n")
for (p in c(0.975, 0.5, 0.3, 0.025, 1e-10, 1 - 1e-10, 0.999999)) cat(sprintf("qnorm,0,0,%.17g,%.17g\n", p, qnorm(p)))
for (v in list(c(0.5, 2, 3), c(0.1, 0.5, 0.5), c(0.9, 10, 2), c(0.3, 42, 66), c(0.999, 100, 1), c(1e-5, 0.5, 20))) cat(sprintf("pbeta,%.17g,%.17g,%.17g,%.17g\n", v[2], v[3], v[1], pbeta(v[1], v[2], v[3])))
for (v in list(c(0.025, 42, 66), c(0.975, 43, 65), c(0.5, 0.5, 0.5), c(1e-6, 3, 4))) cat(sprintf("qbeta,%.17g,%.17g,%.17g,%.17g\n", v[2], v[3], v[1], qbeta(v[1], v[2], v[3])))

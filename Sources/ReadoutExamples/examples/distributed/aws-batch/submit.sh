#!/bin/bash
# Submits the simulation as an AWS Batch array job of SIZE tasks and the merge job that depends on
# it (it starts when every child succeeded). Usage: submit.sh JOB_QUEUE SIZE
# AWS Batch gives each child AWS_BATCH_JOB_ARRAY_INDEX and AWS_BATCH_JOB_ARRAY_SIZE, which
# `--shard auto` reads.
set -euo pipefail
queue="${1:?job queue}" size="${2:?array size}"
array=$(aws batch submit-job --job-name readout-simulate --job-queue "$queue" \
  --job-definition readout-simulate --array-properties "size=$size" --query jobId --output text)
aws batch submit-job --job-name readout-merge --job-queue "$queue" --job-definition readout-merge \
  --depends-on "jobId=$array" --query jobId --output text

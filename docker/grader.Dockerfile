# The grader's image, for k8s-grade-job.yaml: the learner's image
# (Dockerfile, tagged neurogo-course) holds only what a notebook cell
# needs; grading also needs bubblewrap, the grader's modules and its build.
# From the repository's root, with the network:
#
#   docker build -f docker/Dockerfile -t neurogo-course .
#   docker build -f docker/grader.Dockerfile -t neurogo-grader .
FROM neurogo-course

USER root
RUN apt-get update && apt-get install -y --no-install-recommends bubblewrap && rm -rf /var/lib/apt/lists/*

# Every module of go.mod from the proxy (go.sum checks them): the grader's,
# and GoNB's and goimports', which the grader builds itself. The grader
# compiled, so that `go run ./grader` in a pod works offline and only links.
USER 1000
RUN GOPROXY=https://proxy.golang.org go mod download && go build -buildvcs=false ./grader/...

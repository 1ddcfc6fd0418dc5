# The two commands of the README, and a few that developers use on the way.
.PHONY: run test setup fmt bench
SHELL := /bin/bash

## run: build everything, start the reference server with demo data, print the console URL
run:
	@scripts/run.sh

## test: every check and test (formatting, lints, native, DOM and end-to-end)
test:
	@scripts/test.sh

## setup: install what is missing, nothing else
setup:
	@scripts/setup.sh

## fmt: format Rust code and view! macros
fmt:
	cargo fmt --all
	leptosfmt src

## bench: first-load size of the console and throughput of the reference server
bench:
	@scripts/bench.sh

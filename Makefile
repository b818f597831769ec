# ChillFlow: the familiar targets. The scripts under bin/ do the work; see README.md.
#   make up                      services + build + server + seed-zones job (dev)
#   make down                    stop the server and the services
#   make env up|down|status|logs the backing services only (bin/services)
#   make test [unit|integration] the test suites (default: all)
#   make bench-batch             batch benchmark (3M generated rows; not in CI)
#   make bench-stream            stream benchmark (1M generated trips through Liberty; not in CI)
#   make bench-windows           zone-window benchmark (StreamPulse 50k file through Liberty; not in CI)
.PHONY: up down env test bench-batch bench-stream bench-windows

FIRST := $(firstword $(MAKECMDGOALS))
ARGS  := $(wordlist 2,$(words $(MAKECMDGOALS)),$(MAKECMDGOALS))

ifneq ($(filter env test,$(FIRST)),)
# `make env up`, `make test unit`: the words after env/test are arguments, not targets.
$(eval $(ARGS):;@:)
else
up:
	@bin/up

down:
	@if [ -x ear/target/liberty/wlp/bin/server ]; then \
	  ear/target/liberty/wlp/bin/server stop chillflow || true; fi
	@CHILLFLOW_ENV=dev bin/services down
endif

env:
	@CHILLFLOW_ENV=dev bin/services $(or $(ARGS),status)

test:
	@bin/test $(or $(ARGS),all)

bench-batch:
	@bin/bench-batch

bench-stream:
	@bin/bench-stream

bench-windows:
	@bin/bench-windows

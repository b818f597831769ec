# ChillFlow: the familiar targets. The scripts under bin/ do the work; see README.md.
#   make up                      services + build + server + seed-zones job (dev)
#   make down                    stop the server and the services
#   make env up|down|status|logs the backing services only (bin/services)
#   make test [unit|integration] the test suites (default: all)
#   make bench-batch             batch benchmark (3M generated rows; not in CI)
#   make bench-stream            stream benchmark (1M generated trips through Liberty; not in CI)
#   make bench-windows           zone-window benchmark (StreamPulse 50k file through Liberty; not in CI)
#   make deps                    which dependencies and plugins have newer releases (Maven Central)
.PHONY: up down env test bench-batch bench-stream bench-windows deps

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

# Newer releases of the dependencies (pre-releases and date-stamped versions of old artifacts left out).
deps:
	@./mvnw -B -ntp org.codehaus.mojo:versions-maven-plugin:2.25.1:display-dependency-updates \
	  -Dmaven.version.ignore='.*-M[0-9]+,.*[-.](alpha|Alpha|beta|Beta|rc|RC|CR)[0-9.-]*.*,[0-9]{8}.*' \
	  | grep -- '->' | sed 's/^\[INFO\] *//' | sort -u

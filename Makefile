# ChillFlow: the familiar targets. The scripts under bin/ do the work; see README.md.
#   make up                      services + build + server + seed-zones job (dev)
#   make down                    stop the server(s) and the services
#   make replica start|stop|status a second server (chillflow-2, ports 9081/9444) beside the dev server (bin/replica)
#   make env up|down|status|logs the backing services only (bin/services); make env clean CONFIRM=yes removes their data
#   make pipeline [ingestion|batch|analytics|stream|full] [YEAR=2025 MONTH=02]
#                                the original pipeline's stages for a month, through the command line (bin/pipeline)
#   make stream produce|assemble a month's curated trips as events; the assembler until idle (two terminals)
#   make db shell|clean          psql on the dev database; empty trips and KPIs (CONFIRM=yes)
#   make lint [check|fix]        Checkstyle (config/checkstyle.xml; every build runs it); Spotless repairs
#   make test [unit|batch|stream|integration|all|cluster|containers]
#                                the test suites (default: all, what CI runs; cluster: on a Redis Cluster and 3 brokers;
#                                containers: the server's image and its services in podman containers)
#   make image                   the server's container image on a local Liberty base, and the services' images
#                                (bin/containers: podman from the OS packages; needs ./mvnw package first)
#   make bench-batch             batch benchmark (3M generated rows; not in CI)
#   make bench-stream            stream benchmark (1M generated trips through Liberty; BENCH_SERVERS=2: two servers; not in CI)
#   make bench-windows           zone-window benchmark (StreamPulse 50k file through Liberty; not in CI)
#   make bench-api               read-API benchmark (wrk on /api/metrics, idle and under stream load; not in CI)
#   make deps                    which dependencies and plugins have newer releases (Maven Central)
.PHONY: up down env test pipeline stream db lint replica image bench-batch bench-stream bench-windows bench-api deps

YEAR  ?= 2025
MONTH ?= 02
export YEAR MONTH

FIRST := $(firstword $(MAKECMDGOALS))
ARGS  := $(wordlist 2,$(words $(MAKECMDGOALS)),$(MAKECMDGOALS))

ifneq ($(filter env test pipeline stream db lint replica,$(FIRST)),)
# `make env up`, `make test unit`, `make pipeline batch`: the words after the verb are arguments, not targets.
$(eval $(ARGS):;@:)
else
up:
	@bin/up

down:
	@bin/replica stop >/dev/null 2>&1 || true
	@if [ -x ear/target/liberty/wlp/bin/server ]; then \
	  ear/target/liberty/wlp/bin/server stop chillflow || true; fi
	@CHILLFLOW_ENV=dev bin/services down
endif

env:
	@CHILLFLOW_ENV=$${CHILLFLOW_ENV:-dev} CHILLFLOW_CONFIRM=$(CONFIRM) bin/services $(or $(ARGS),status)

test:
	@bin/test $(or $(ARGS),all)

pipeline:
	@bin/pipeline $(or $(ARGS),full)

# `stream` is also an argument (make pipeline stream, make test stream): the target exists only as the verb.
ifeq ($(FIRST),stream)
stream:
	@case "$(or $(ARGS),produce)" in \
	  produce) CHILLFLOW_DATA_DIR=$${CHILLFLOW_DATA_DIR:-data} bin/chillflow stream produce \
	    --from-file "inbox/yellow_tripdata_$(YEAR)-$(MONTH).parquet.curated" ;; \
	  assemble) bin/chillflow stream assemble --idle "$${IDLE:-PT30S}" ;; \
	  *) echo "usage: make stream produce|assemble [YEAR=2025 MONTH=02]" >&2; exit 2 ;; \
	esac
endif

db:
	@case "$(or $(ARGS),shell)" in \
	  shell) CHILLFLOW_ENV=$${CHILLFLOW_ENV:-dev} bin/services shell ;; \
	  clean) bin/chillflow db clean $(if $(filter yes,$(CONFIRM)),--confirm) ;; \
	  *) echo "usage: make db shell|clean [CONFIRM=yes]" >&2; exit 2 ;; \
	esac

lint:
	@case "$(or $(ARGS),check)" in \
	  check) ./mvnw -B -ntp -q checkstyle:check@lint && echo "lint: no Checkstyle violations" ;; \
	  fix) ./mvnw -B -ntp -q spotless:apply && ./mvnw -B -ntp -q checkstyle:check@lint && echo "lint: fixed; no violations left" ;; \
	  *) echo "usage: make lint [check|fix]" >&2; exit 2 ;; \
	esac

replica:
	@bin/replica $(or $(ARGS),status)

image:
	@bin/containers setup && bin/containers images

bench-batch:
	@bin/bench-batch

bench-stream:
	@bin/bench-stream

bench-windows:
	@bin/bench-windows

bench-api:
	@bin/bench-api

# Newer releases of the dependencies (pre-releases and date-stamped versions of old artifacts left out).
deps:
	@./mvnw -B -ntp org.codehaus.mojo:versions-maven-plugin:2.25.1:display-dependency-updates \
	  -Dmaven.version.ignore='.*-M[0-9]+,.*[-.](alpha|Alpha|beta|Beta|rc|RC|CR)[0-9.-]*.*,[0-9]{8}.*' \
	  | grep -- '->' | sed 's/^\[INFO\] *//' | sort -u

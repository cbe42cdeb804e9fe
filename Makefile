# The two commands of the README:
#   make demo   install what is missing, build, and run the demo
#   make test   install what is missing, build, and run the whole test suite (CI runs this):
#               the release build's tests, then `make sanitize`
# PRESET picks a CMakePresets.json preset: release (default), debug or asan.
PRESET ?= release
BUILD_DIR := build/$(PRESET)
GT3_BYPASS := $(BUILD_DIR)/src/service/gt3-bypass

.PHONY: demo test sanitize bench build deps deps-test format clean fuzz package

# DEMO_ARGS: e.g. DEMO_ARGS=--server.listen=127.0.0.1:9090
demo: deps build
	$(GT3_BYPASS) demo $(DEMO_ARGS)

test: deps-test build
	ctest --preset $(PRESET)
ifeq ($(PRESET),release)
	$(MAKE) --no-print-directory sanitize
endif

# The unit and integration tests (not the browser and package tests) under AddressSanitizer +
# UndefinedBehaviorSanitizer, then the concurrency-heavy ones (server, client, availability,
# stores, simulator, service end to end) under ThreadSanitizer. Each preset builds in its own
# directory, so a second run rebuilds only what changed.
sanitize: deps-test
	cmake --preset asan
	cmake --build --preset asan
	ctest --preset asan
	cmake --preset tsan
	cmake --build --preset tsan
	ctest --preset tsan

# bench/run (the benchmarks: serve end to end, ~25 min, BENCH_QUICK=1 for a 2-minute smoke
# run) builds the release preset and writes bench/RESULTS.md; then the micro-benchmarks of that
# build.
bench: deps
	bench/run
	build/release/bench/gt3_sdk_bench
	build/release/bench/gt3_availability_bench
	build/release/bench/gt3_ledger_bench
	build/release/bench/gt3_failover_bench

# scripts/fuzz (hardening): installs clang and libFuzzer when missing (scripts/install-deps.sh
# fuzz), builds the fuzz preset and runs every fuzz/ target for FUZZ_SECONDS (default 75) each;
# exits non-zero when one finds a crash.
fuzz:
	scripts/fuzz

# The daemon as a Debian package (program, /etc/gt3-bypass/gt3.toml, systemd units) from the
# release preset: build/release/gt3-bypass_<version>-1_<arch>.deb (cmake/Gt3Package.cmake).
package: deps
	cmake --preset release
	cmake --build --preset release
	cd build/release && cpack -G DEB

build:
	cmake --preset $(PRESET)
	cmake --build --preset $(PRESET)

deps:
	scripts/install-deps.sh build

deps-test:
	scripts/install-deps.sh test

format:
	find include src tests -name '*.h' -o -name '*.cc' | xargs clang-format -i

clean:
	rm -rf build

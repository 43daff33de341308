#!/bin/sh
# Builds the client (quietly, Maven's output on stderr) and runs the WatchTask example.
# The build generates the gRPC stubs from the repository's proto/ directory, so this needs a
# checkout of the repository, Java 17+ and Maven, nothing generated beforehand.
# The gateway address comes from WADISPATCH_ADDR (default 127.0.0.1:50051).
# Extra arguments go to mvn, e.g. ./run-example.sh -o for an offline build.
set -eu
dir=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
mvn -q -B -Dstyle.color=never -f "$dir/pom.xml" "$@" package >&2
exec java -cp "$dir/target/classes:$(cat "$dir/target/classpath.txt")" \
  io.wadispatch.gateway.examples.WatchTaskExample

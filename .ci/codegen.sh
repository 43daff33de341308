#!/usr/bin/env bash
# Generates the committed Go, Python and TypeScript client code under clients/ from proto/
# (buf.gen.yaml), with local plugins installed from the package registries only: into .tools/
# (ignored by git), and protoc-gen-es into clients/typescript/node_modules (ignored too) from that
# package's lock file. Idempotent: a plugin already installed at its pinned version is kept.
#
#   .ci/codegen.sh           install what is missing, regenerate clients/
#   .ci/codegen.sh --check   the same, then fail if regenerating changed anything under clients/
#                            (modified, new or deleted files): the committed stubs are stale
#
# The generated trees are deleted before each run, so stubs of removed protos disappear:
# clients/go/wadispatch/, clients/python/src/wadispatch/ and clients/typescript/src/gen/ hold
# generated code only.
#
# The Java stubs are not committed: clients/java/pom.xml generates them from proto/ on every
# build, with the protoc and protoc-gen-grpc-java versions pinned here; both runs check that the
# pom still names those versions.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

check=false
case "${1:-}" in
  "") ;;
  --check) check=true ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

# Pinned versions. buf.gen.yaml lists the runtime versions each one's output needs.
PROTOC_VERSION=35.1              # what `protoc --version` prints
PROTOC_MAVEN_VERSION=4.35.1      # Maven Central com.google.protobuf:protoc, the same protoc
GRPC_JAVA_VERSION=1.83.1         # Maven Central io.grpc:protoc-gen-grpc-java (the Java build's)
PROTOC_GEN_GO_VERSION=v1.36.12   # google.golang.org/protobuf/cmd/protoc-gen-go
PROTOC_GEN_GO_GRPC_VERSION=v1.6.2 # google.golang.org/grpc/cmd/protoc-gen-go-grpc
# PyPI: grpcio-tools bundles protoc 35.1 and the gRPC Python generator; the rest are its
# dependencies, pinned so the venv is the same everywhere (it also serves import checks).
PYTHON_REQUIREMENTS="grpcio-tools==1.85.1 grpcio==1.85.1 protobuf==7.35.1 setuptools==84.2.1 typing_extensions==4.16.0"
MAVEN_DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.8.1
# npm: the TypeScript generator, as clients/typescript/package.json pins it (its lock file pins
# the rest); the generated code needs the @bufbuild/protobuf runtime of the same version.
PROTOC_GEN_ES_VERSION=2.13.0

# The Java build generates its stubs itself (clients/java/pom.xml): its generators must be the
# ones pinned here, so that the Go, Python and Java stubs come from the same protoc.
pom_pins() { # pom_pins PROPERTY VARIABLE: the pom's <PROPERTY> is the value of $VARIABLE
  local got
  got=$(sed -n "s|^ *<$1>\(.*\)</$1>.*|\1|p" clients/java/pom.xml)
  if [ "$got" != "${!2}" ]; then
    echo "clients/java/pom.xml: <$1> is '$got', but $0 pins $2=${!2}: make them agree" >&2
    exit 1
  fi
}
pom_pins protoc.version PROTOC_MAVEN_VERSION
pom_pins grpc.version GRPC_JAVA_VERSION

# The TypeScript package pins the generator and its runtime to the version pinned here.
npm_pins() { # npm_pins PACKAGE: clients/typescript/package.json pins PACKAGE at $PROTOC_GEN_ES_VERSION
  local got
  got=$(sed -n "s|^ *\"$1\": \"\(.*\)\",\{0,1\}\$|\1|p" clients/typescript/package.json)
  if [ "$got" != "$PROTOC_GEN_ES_VERSION" ]; then
    echo "clients/typescript/package.json: $1 is '$got', but $0 pins" \
      "PROTOC_GEN_ES_VERSION=$PROTOC_GEN_ES_VERSION: make them agree" >&2
    exit 1
  fi
}
npm_pins @bufbuild/protoc-gen-es
npm_pins @bufbuild/protobuf

tools="$root/.tools"
mkdir -p "$tools/bin" "$tools/dist"

# Runs a command with its output hidden, showing the output only if it fails.
quiet() {
  local log status=0
  log=$(mktemp)
  "$@" >"$log" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    cat "$log" >&2
    echo "failed: $*" >&2
  fi
  rm -f "$log"
  return "$status"
}

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) classifier=linux-x86_64 ;;
  Linux-aarch64) classifier=linux-aarch_64 ;;
  Darwin-x86_64) classifier=osx-x86_64 ;;
  Darwin-arm64) classifier=osx-aarch_64 ;;
  *) echo "unsupported platform: $(uname -s) $(uname -m)" >&2; exit 1 ;;
esac

# Installs the executable groupId:artifactId:version:exe:<classifier> from Maven Central as
# .tools/dist/<name>-<version>, linked from .tools/bin/<name>.
maven_exe() {
  local group=$1 artifact=$2 version=$3 name=$4
  local dest="$tools/dist/$name-$version"
  if [ ! -x "$dest" ] || [ "$(readlink "$tools/bin/$name" || true)" != "../dist/$name-$version" ]; then
    local tmp
    tmp=$(mktemp -d)
    # Run outside any Maven project; -C: fail on a checksum mismatch.
    (cd "$tmp" && quiet mvn -B -q -C "$MAVEN_DEPENDENCY_PLUGIN:copy" \
      "-Dartifact=$group:$artifact:$version:exe:$classifier" "-DoutputDirectory=$tmp/out")
    install -m 0755 "$tmp/out/$artifact-$version-$classifier.exe" "$dest"
    rm -rf "$tmp"
    ln -sfn "../dist/$name-$version" "$tools/bin/$name"
  fi
}

maven_exe com.google.protobuf protoc "$PROTOC_MAVEN_VERSION" protoc
if [ "$("$tools/bin/protoc" --version)" != "libprotoc $PROTOC_VERSION" ]; then
  echo "unexpected protoc version: $("$tools/bin/protoc" --version)" >&2
  exit 1
fi

go_tool() {
  local name=$1 module=$2 version=$3 want=$4
  if [ "$("$tools/bin/$name" --version 2>/dev/null || true)" != "$want" ]; then
    (cd "$tools" && GOBIN="$tools/bin" quiet go install "$module@$version")
  fi
}
go_tool protoc-gen-go google.golang.org/protobuf/cmd/protoc-gen-go \
  "$PROTOC_GEN_GO_VERSION" "protoc-gen-go $PROTOC_GEN_GO_VERSION"
go_tool protoc-gen-go-grpc google.golang.org/grpc/cmd/protoc-gen-go-grpc \
  "$PROTOC_GEN_GO_GRPC_VERSION" "protoc-gen-go-grpc ${PROTOC_GEN_GO_GRPC_VERSION#v}"

if [ ! -x "$tools/py/bin/python" ] || [ "$(cat "$tools/py/.requirements" 2>/dev/null || true)" != "$PYTHON_REQUIREMENTS" ]; then
  rm -rf "$tools/py"
  quiet python3 -m venv "$tools/py"
  # shellcheck disable=SC2086 # one argument per requirement
  quiet "$tools/py/bin/python" -m pip install --disable-pip-version-check --no-input $PYTHON_REQUIREMENTS
  printf '%s' "$PYTHON_REQUIREMENTS" >"$tools/py/.requirements"
fi

# grpcio-tools has the gRPC Python generator only inside its protoc (--grpc_python_out), which
# buf cannot call as a builtin: this adapter makes it a protoc plugin. It runs that protoc on the
# request's descriptors and returns the files it wrote.
cat >"$tools/bin/protoc-gen-grpc-python" <<'EOF'
import os
import subprocess
import sys
import tempfile

from google.protobuf import descriptor_pb2
from google.protobuf.compiler import plugin_pb2

request = plugin_pb2.CodeGeneratorRequest.FromString(sys.stdin.buffer.read())
response = plugin_pb2.CodeGeneratorResponse(
    supported_features=plugin_pb2.CodeGeneratorResponse.FEATURE_PROTO3_OPTIONAL
)
with tempfile.TemporaryDirectory() as tmp:
    descriptors = os.path.join(tmp, "descriptors.pb")
    with open(descriptors, "wb") as f:
        f.write(descriptor_pb2.FileDescriptorSet(file=request.proto_file).SerializeToString())
    out = os.path.join(tmp, "out")
    os.mkdir(out)
    args = [sys.executable, "-m", "grpc_tools.protoc", "--descriptor_set_in=" + descriptors,
            "--grpc_python_out=" + out]
    if request.parameter:
        args.append("--grpc_python_opt=" + request.parameter)
    result = subprocess.run(args + list(request.file_to_generate), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        response.error = (result.stdout + result.stderr).strip() or "grpc_tools.protoc failed"
    else:
        for directory, _, names in sorted(os.walk(out)):
            for name in sorted(names):
                path = os.path.join(directory, name)
                with open(path, encoding="utf-8") as f:
                    response.file.add(name=os.path.relpath(path, out).replace(os.sep, "/"),
                                      content=f.read())
sys.stdout.buffer.write(response.SerializeToString())
EOF

# protoc-gen-es from the TypeScript package's lock file (buf.gen.yaml runs it from there).
typescript=clients/typescript
if [ "$("$typescript/node_modules/.bin/protoc-gen-es" --version 2>/dev/null || true)" != \
  "protoc-gen-es v$PROTOC_GEN_ES_VERSION" ]; then
  quiet npm ci --prefix "$typescript" --no-audit --no-fund
fi

buf="$(bash .ci/tools.sh)/buf"

# A fingerprint of clients/ as git sees it (ignored files excluded): status, the content of
# changes to tracked files and the content of untracked files.
fingerprint() {
  git status --porcelain=v1 --untracked-files=all -- clients/
  git diff --binary HEAD -- clients/
  git status --porcelain=v1 --untracked-files=all -z -- clients/ |
    while IFS= read -r -d '' entry; do
      case $entry in
        '?? '*) sha256sum -- "${entry:3}" ;;
      esac
    done
}
if $check; then
  before=$(fingerprint | sha256sum)
fi

rm -rf clients/go/wadispatch clients/python/src/wadispatch clients/typescript/src/gen
"$buf" generate
# Regular packages, so `import wadispatch.v1.task_pb2` works from clients/python/src.
find clients/python/src/wadispatch -type d -exec sh -c ': >"$1/__init__.py"' sh {} \;

if $check; then
  if [ "$(fingerprint | sha256sum)" != "$before" ]; then
    echo "regenerating changed clients/ (compared with before this run): it is out of date" \
      "with proto/ or buf.gen.yaml; run .ci/codegen.sh and commit the result" >&2
    git diff --stat -- clients/ >&2
    git status --porcelain -- clients/ >&2
    exit 1
  fi
  if [ -n "$(git status --porcelain -- clients/)" ]; then
    echo "note: clients/ matches proto/ but has uncommitted changes:" >&2
    git status --porcelain -- clients/ >&2
  fi
  echo "clients/ is up to date"
fi

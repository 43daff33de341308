"""The checks of .ci/deploy-check.sh that read several files at once: the Kubernetes objects
against the API's schemas, nats.conf as each node reads it, and the references between the
Dockerfile, compose.yaml, nginx.conf, the manifests and the gateway's own settings that no
single tool sees. Run by .ci/deploy-check.sh, from the repository's root, with its work folder
(compose.json, kubernetes.yaml, read-by-build) and the Kubernetes versions to check against.
"""
import fnmatch
import json
import os
import re
import subprocess
import sys

import kubernetes_validate
import yaml

work, k8s_versions = sys.argv[1], sys.argv[2].split()
findings = []


def finding(message):
    findings.append(message)
    print(f"FAIL: {message}", file=sys.stderr)


compose = json.load(open(os.path.join(work, "compose.json")))
services = compose["services"]
objects = [o for o in yaml.safe_load_all(open(os.path.join(work, "kubernetes.yaml"))) if o]


def kube(kind):
    return [o for o in objects if o["kind"] == kind]


# Every object against the API's schema of each version; strict, so a misspelt field fails.
for version in k8s_versions:
    for o in objects:
        name = f"{o['kind']}/{o['metadata']['name']}"
        try:
            kubernetes_validate.validate(o, version, strict=True)
        except kubernetes_validate.ValidationError as e:
            finding(f"{name} (Kubernetes {version}): {'.'.join(map(str, e.path))}: {e.message}")
        except Exception as e:  # no schema for the kind, or an unknown version
            finding(f"{name} (Kubernetes {version}): {getattr(e, 'message', e)}")

# Cross-references: selectors select a workload's pods, named ports exist on them, ConfigMaps
# are generated, Secrets are the ones deploy/README.md tells the operator to make.
workloads = kube("Deployment") + kube("StatefulSet")
readme = open("deploy/README.md").read()


def selected(selector):
    labels = selector.get("matchLabels", selector)
    return [w for w in workloads
            if labels and labels.items() <= w["spec"]["template"]["metadata"]["labels"].items()]


def port_names(pods):
    return {p["name"] for w in pods for c in w["spec"]["template"]["spec"]["containers"]
            for p in c.get("ports", [])}


for w in workloads:
    spec = w["spec"]["template"]["spec"]
    if w not in selected(w["spec"]["selector"]):
        finding(f"{w['kind']}/{w['metadata']['name']}: its selector does not select its own pods")
    for c in spec["containers"]:
        names = {p["name"] for p in c.get("ports", [])}
        for probe in ("startupProbe", "readinessProbe", "livenessProbe"):
            for action in c.get(probe, {}).values():
                port = action.get("port") if isinstance(action, dict) else None
                if isinstance(port, str) and port not in names:
                    finding(f"{w['metadata']['name']}: {probe} names no port {port}")
        refs = [e["valueFrom"]["secretKeyRef"] for e in c.get("env", [])
                if "secretKeyRef" in e.get("valueFrom", {})]
        secrets = {r["name"] for r in refs}
        secrets |= {v["secret"]["secretName"] for v in spec.get("volumes", []) if "secret" in v}
        configmaps = {v["configMap"]["name"] for v in spec.get("volumes", []) if "configMap" in v}
        for s in sorted(secrets):
            if s not in readme:
                finding(f"{w['metadata']['name']}: Secret {s} is not among deploy/README.md's")
        for m in sorted(configmaps - {o["metadata"]["name"] for o in kube("ConfigMap")}):
            finding(f"{w['metadata']['name']}: ConfigMap {m} is not in the kustomization")
for o in kube("Service") + kube("PodDisruptionBudget") + kube("NetworkPolicy"):
    selector = o["spec"].get("selector") or o["spec"].get("podSelector")
    pods = selected(selector)
    if not pods:
        finding(f"{o['kind']}/{o['metadata']['name']}: selects no workload's pods")
    if o["kind"] == "Service":
        for p in o["spec"]["ports"]:
            if isinstance(p.get("targetPort"), str) and p["targetPort"] not in port_names(pods):
                finding(f"Service/{o['metadata']['name']}: no pod port {p['targetPort']}")
    if o["kind"] == "NetworkPolicy":
        for rule in o["spec"].get("ingress", []):
            for peer in rule.get("from", []):
                if not selected(peer["podSelector"]):
                    finding(f"NetworkPolicy/{o['metadata']['name']}: a peer selects no pods")
            for p in rule.get("ports", []):
                if isinstance(p["port"], str) and p["port"] not in port_names(pods):
                    finding(f"NetworkPolicy/{o['metadata']['name']}: no pod port {p['port']}")

# Host names: the gateways' NATS URLs and the NATS routes name real nodes, nginx real gateways.
(sts,) = kube("StatefulSet")
kube_hosts = {f"{sts['metadata']['name']}-{i}.{sts['spec']['serviceName']}"
              for i in range(sts["spec"]["replicas"])}


def urls(value):
    return set(re.findall(r"nats://([^:/,\]\s]+)", value or ""))


def check_hosts(where, value, known):
    if not urls(value):
        finding(f"{where}: names no nats:// URL")
    for host in sorted(urls(value) - known):
        finding(f"{where}: {host} is no NATS node")


compose_nats = {n for n, s in services.items() if s["image"].startswith("nats:")}
for name, s in services.items():
    env = s.get("environment") or {}
    if "WADISPATCH_EVENT_STORE" in env:
        check_hosts(f"compose {name}", env["WADISPATCH_EVENT_STORE"], compose_nats)
    if "NATS_ROUTES" in env:
        check_hosts(f"compose {name}", env["NATS_ROUTES"], compose_nats)
for w in workloads:
    for c in w["spec"]["template"]["spec"]["containers"]:
        for e in c.get("env", []):
            if e["name"] in ("WADISPATCH_EVENT_STORE", "NATS_ROUTES"):
                check_hosts(f"{w['metadata']['name']} {e['name']}", e.get("value"), kube_hosts)
nginx_conf = open("deploy/nginx/nginx.conf").read()
upstreams = set(re.findall(r"^\s*server\s+([a-z0-9-]+):\d+", nginx_conf, re.M))
for host in sorted(upstreams - set(services)):
    finding(f"nginx.conf: upstream {host} is no compose service")

# nats.conf as each node reads it: compose's environment, and the StatefulSet's (its first pod).
def nats_test(where, conf, env):
    result = subprocess.run(["nats-server", "-t", "-c", conf], env={**os.environ, **env},
                            capture_output=True, text=True)
    if result.returncode != 0:
        finding(f"nats-server -t ({where}): {(result.stdout + result.stderr).strip()}")


for name in sorted(compose_nats):
    s = services[name]
    (conf,) = [c["source"] for c in s.get("configs", [])]
    nats_test(f"compose {name}", compose["configs"][conf]["file"],
              {k: v for k, v in s["environment"].items() if v is not None})
(nats_config,) = [o for o in kube("ConfigMap") if "nats.conf" in o.get("data", {})]
with open(os.path.join(work, "nats.conf"), "w") as f:
    f.write(nats_config["data"]["nats.conf"])
env = {}
for e in sts["spec"]["template"]["spec"]["containers"][0].get("env", []):
    source = e.get("valueFrom", {})
    if "fieldRef" in source:
        env[e["name"]] = f"{sts['metadata']['name']}-0"  # metadata.name of the first pod
    elif "secretKeyRef" in source:
        env[e["name"]] = "check-secret"
    else:
        env[e["name"]] = e["value"]
nats_test("Kubernetes StatefulSet", os.path.join(work, "nats.conf"), env)

# Every WADISPATCH_* variable given to the gateway is one it reads.
known = set()
for path in ["src/config.rs"] + [os.path.join("src/config", f) for f in os.listdir("src/config")]:
    known |= set(re.findall(r'env = "(WADISPATCH_[A-Z0-9_]+)"', open(path).read()))
given = set(re.findall(r"\bWADISPATCH_[A-Z0-9_]+", open("Dockerfile").read()))
for s in services.values():
    given |= {k for k in s.get("environment") or {} if k.startswith("WADISPATCH_")}
for w in workloads:
    for c in w["spec"]["template"]["spec"]["containers"]:
        given |= {e["name"] for e in c.get("env", []) if e["name"].startswith("WADISPATCH_")}
for name in sorted(given - known):
    finding(f"{name} is not a variable of the gateway (src/config.rs)")

# .dockerignore keeps none of the files the build reads out of the context (a pattern matches a
# path or any folder above it; the last matching pattern decides, "!" lets a path back in).
patterns = [line.strip() for line in open(".dockerignore")]
patterns = [p for p in patterns if p and not p.startswith("#")]
for path in open(os.path.join(work, "read-by-build")).read().split():
    parts = path.split("/")
    prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
    excluded_by = None
    for p in patterns:
        keep = p.startswith("!")
        glob = p.lstrip("!").strip("/")
        if any(fnmatch.fnmatchcase(prefix, glob) for prefix in prefixes):
            excluded_by = None if keep else p
    if excluded_by:
        finding(f".dockerignore's {excluded_by} leaves out {path}, which the build reads")

# Ports: the gateways' as the image exposes them, in nginx's upstreams and the Deployment.
exposed = {int(p) for line in open("Dockerfile") if line.startswith("EXPOSE ")
           for p in line.split()[1:]}
listening = {int(p) for p in re.findall(r"WADISPATCH_(?:GRPC|WEBHOOK)_ADDR=\S+:(\d+)",
                                         open("Dockerfile").read())}
# The metrics endpoint is off in the image; the deployments turn it on, on the port it exposes.
for path in ("deploy/compose.yaml", "deploy/kubernetes/gateway.yaml"):
    text = open(path).read()
    metrics = re.findall(r"WADISPATCH_METRICS_ADDR:?\s*(?:value:\s*)?\S+:(\d+)", text)
    if not metrics:
        finding(f"{path} does not turn on the metrics endpoint (WADISPATCH_METRICS_ADDR)")
    listening |= {int(p) for p in metrics}
if listening != exposed:
    finding(f"the image listens on {sorted(listening)} and exposes {sorted(exposed)}")
for host, port in re.findall(r"^\s*server\s+(gateway-\d+):(\d+)", nginx_conf, re.M):
    if int(port) not in exposed:
        finding(f"nginx.conf: {host}:{port}, but the image exposes {sorted(exposed)}")
(gateway,) = kube("Deployment")
ports = {p["containerPort"] for c in gateway["spec"]["template"]["spec"]["containers"]
         for p in c.get("ports", [])}
if ports != exposed:
    finding(f"the Deployment's ports {sorted(ports)}, but the image exposes {sorted(exposed)}")

# Images: a tag each, never latest; nats and nginx at the versions checked above.
version = subprocess.run(["nats-server", "--version"], capture_output=True, text=True).stdout
nats_version = re.search(r"v(\d+\.\d+\.\d+)", version).group(1)
nginx_version = re.search(r"nginx/(\S+)", subprocess.run(
    ["nginx", "-v"], capture_output=True, text=True).stderr).group(1)
images = [(f"compose {n}", s["image"]) for n, s in services.items() if "build" not in s]
images += [(w["metadata"]["name"], c["image"]) for w in workloads
           for c in w["spec"]["template"]["spec"]["containers"]]
for where, image in images:
    repo, _, tag = image.rpartition(":")
    if not repo or "/" in tag or tag == "latest":
        finding(f"{where}: image {image} has no pinned tag")
    elif repo == "nats" and not tag.startswith(nats_version + "-") and tag != nats_version:
        finding(f"{where}: {image}, but nats-server -t ran {nats_version}")
    elif repo == "nginx" and not tag.startswith(nginx_version + "-") and tag != nginx_version:
        finding(f"{where}: {image}, but nginx -t ran {nginx_version}")

print(f"{len(objects)} objects x {len(k8s_versions)} Kubernetes versions, "
      f"{len(compose_nats) + 1} NATS configurations, {len(given)} variables, "
      f"{len(images)} images: {len(findings)} findings")
sys.exit(1 if findings else 0)

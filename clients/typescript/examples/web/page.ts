// The example (../flow.ts) from a web page: gRPC-Web over the browser's fetch, with Connect's
// web transport, to a gateway that lists this page's origin (--grpc-web-origin). check.ts bundles
// it and runs it in headless Chromium.
//
// The gateway's URL and the key come in the page's fragment, which never leaves the browser:
// index.html#gateway=https://gateway.example:50051&key=wdk_...

import { createGrpcWebTransport } from "@connectrpc/connect-web";

import { bearer, describe, watchTaskExample } from "../flow.js";

const params = new URLSearchParams(location.hash.slice(1));
const baseUrl = params.get("gateway") ?? "";
const key = params.get("key") ?? "";
const output = document.getElementById("output") as HTMLElement;
const print = (line: string) => {
  output.textContent += `${line}\n`;
};

watchTaskExample(
  "web",
  () => ({
    transport: createGrpcWebTransport({ baseUrl, interceptors: [bearer(key)] }),
    // A page cannot close a connection itself: leaving the stream aborted its fetch, and the
    // browser closed or reset what carried it.
    drop: () => {},
  }),
  print,
).then(
  () => {
    document.title = "passed";
  },
  (err: unknown) => {
    print(describe(err));
    document.title = "failed";
  },
);

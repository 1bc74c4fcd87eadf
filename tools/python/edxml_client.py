#!/usr/bin/env python3
"""An edXML DMS's side of DocAxis, written from the .proto files alone with the reference C-core stack.

A document-management system that speaks edXML sends a package to its node with DmsService.SendEdXml
(streamed in chunks) and fetches a received letter as a package with DmsService.FetchEdXml. The DMS
token comes from the DOCAXIS_DMS_TOKEN environment variable, never the command line.

    python3 -m grpc_tools.protoc -I protos --python_out=OUT --grpc_python_out=OUT protos/docaxis/v1/*.proto
    DOCAXIS_DMS_TOKEN=... python3 tools/python/edxml_client.py --generated OUT --node localhost:7601 \\
        --agency 000.00.00.G22 send letter.edxml
    DOCAXIS_DMS_TOKEN=... python3 tools/python/edxml_client.py --generated OUT --node localhost:7601 \\
        --agency 000.00.00.H41 fetch ENVELOPE_ID received.edxml

With --ca ROOT.pem it talks TLS, as to a node whose DMS API listens beyond loopback (Node:ApiTls).

It prints one JSON line: for send, the envelope id and state; for fetch, the bytes written.
"""
import argparse
import json
import os
import sys

CHUNK = 64 * 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generated", required=True, help="folder of the Python code generated from protos/")
    parser.add_argument("--node", required=True, help="host:port of the node's DMS listener")
    parser.add_argument("--ca", help="PEM of the CA that issued the node's certificate: talk TLS (a node beyond loopback serves only TLS)")
    parser.add_argument("--agency", required=True)
    sub = parser.add_subparsers(dest="command", required=True)
    send = sub.add_parser("send")
    send.add_argument("package")
    fetch = sub.add_parser("fetch")
    fetch.add_argument("envelope_id")
    fetch.add_argument("out")
    args = parser.parse_args()

    sys.path.insert(0, args.generated)
    import grpc
    from docaxis.v1 import dms_pb2, dms_pb2_grpc

    token = os.environ.get("DOCAXIS_DMS_TOKEN")
    if not token:
        sys.exit("Set DOCAXIS_DMS_TOKEN to the agency's DMS token.")
    metadata = [("authorization", "Bearer " + token)]
    channel = (grpc.secure_channel(args.node, grpc.ssl_channel_credentials(root_certificates=open(args.ca, "rb").read()))
               if args.ca else grpc.insecure_channel(args.node))
    with channel:
        dms = dms_pb2_grpc.DmsServiceStub(channel)
        if args.command == "send":
            def requests():
                yield dms_pb2.SendEdXmlRequest(send=dms_pb2.EdXmlSend(agency_code=args.agency))
                with open(args.package, "rb") as package:
                    while True:
                        piece = package.read(CHUNK)
                        if not piece:
                            return
                        yield dms_pb2.SendEdXmlRequest(package_chunk=piece)

            sent = dms.SendEdXml(requests(), metadata=metadata, timeout=60)
            print(json.dumps({"envelope_id": sent.envelope_id, "state": dms_pb2.SubmissionState.Name(sent.state)}))
        else:
            written = 0
            with open(args.out, "wb") as out:
                for part in dms.FetchEdXml(dms_pb2.FetchEdXmlRequest(agency_code=args.agency, envelope_id=args.envelope_id), metadata=metadata, timeout=60):
                    out.write(part.package_chunk)
                    written += len(part.package_chunk)
            print(json.dumps({"bytes": written}))


if __name__ == "__main__":
    main()

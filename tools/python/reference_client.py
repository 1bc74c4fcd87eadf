#!/usr/bin/env python3
"""A DocAxis client written from the .proto files alone, with the reference C-core gRPC stack.

It does what an agency's node does for its DMS, in another language: build an official
letter's Manifest, serialize it once, sign those bytes with a detached CMS signature
(python3-cryptography), submit it to the hub over mutual TLS with the attachment streamed in
chunks, check the hub-signed acceptance receipt, and read the letter's trace.

    python3 -m grpc_tools.protoc -I protos --python_out=OUT --grpc_python_out=OUT protos/docaxis/v1/*.proto
    python3 tools/python/reference_client.py --generated OUT --hub localhost:7443 \\
        --ca pki/ca/root.crt --tls-cert pki/agencies/000.00.00.G22/tls.crt --tls-key pki/agencies/000.00.00.G22/tls.key \\
        --sign-cert pki/agencies/000.00.00.G22/signing.crt --sign-key pki/agencies/000.00.00.G22/signing.key \\
        --sender 000.00.00.G22 --to 000.00.00.H41 --attach letter.pdf

It prints one JSON line: the envelope id, the receipt and each recipient's state.
"""
import argparse
import datetime
import hashlib
import json
import os
import sys
import time
import uuid

CHUNK = 64 * 1024


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--generated", required=True, help="folder of the Python code generated from protos/")
    parser.add_argument("--hub", required=True, help="host:port of the hub, e.g. localhost:7443")
    parser.add_argument("--ca", required=True)
    parser.add_argument("--tls-cert", required=True)
    parser.add_argument("--tls-key", required=True)
    parser.add_argument("--sign-cert", required=True)
    parser.add_argument("--sign-key", required=True)
    parser.add_argument("--sender", required=True)
    parser.add_argument("--to", action="append", required=True)
    parser.add_argument("--attach", action="append", default=[])
    parser.add_argument("--wait-delivered", type=float, default=0, help="seconds to wait until every recipient has it")
    args = parser.parse_args()

    sys.path.insert(0, args.generated)
    import grpc
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.serialization import pkcs7
    from docaxis.v1 import envelope_pb2, manifest_pb2, receipts_pb2, statistics_pb2, statistics_pb2_grpc, submission_pb2_grpc, trace_pb2, trace_pb2_grpc

    attachments = [open(path, "rb").read() for path in args.attach]
    envelope_id = str(uuid.uuid4())
    manifest = manifest_pb2.Manifest(
        format_version=1,
        envelope_id=envelope_id,
        sender=manifest_pb2.AgencyRef(code=args.sender),
        recipients=[manifest_pb2.AgencyRef(code=code) for code in args.to],
        code=manifest_pb2.DocumentCode(number="12", notation="PY-REF"),
        issue_date=datetime.date.today().isoformat(),
        document_type=manifest_pb2.DocumentType(code="CV", name="Công văn"),
        subject="V/v thử nghiệm máy khách tham chiếu Python",
        urgency=manifest_pb2.URGENCY_NORMAL,
        attachments=[
            manifest_pb2.Attachment(
                name=os.path.basename(path), media_type="application/pdf", size=len(data), sha256=hashlib.sha256(data).digest())
            for path, data in zip(args.attach, attachments)
        ],
    )
    manifest.created_at.GetCurrentTime()
    manifest_bytes = manifest.SerializeToString()

    # Sign the bytes, not the structure: a detached CMS SignedData over exactly these bytes.
    signer_cert = x509.load_pem_x509_certificate(open(args.sign_cert, "rb").read())
    signer_key = serialization.load_pem_private_key(open(args.sign_key, "rb").read(), password=None)
    signature = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(manifest_bytes)
        .add_signer(signer_cert, signer_key, hashes.SHA256())
        .sign(serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary])
    )

    credentials = grpc.ssl_channel_credentials(
        root_certificates=open(args.ca, "rb").read(),
        private_key=open(args.tls_key, "rb").read(),
        certificate_chain=open(args.tls_cert, "rb").read(),
    )
    with grpc.secure_channel(args.hub, credentials) as channel:
        def requests():
            yield envelope_pb2.SubmitRequest(
                header=envelope_pb2.SubmissionHeader(
                    envelope_id=envelope_id,
                    signed_manifest=envelope_pb2.SignedManifest(manifest=manifest_bytes, signature=signature)))
            for index, data in enumerate(attachments):
                for offset in range(0, len(data), CHUNK):
                    yield envelope_pb2.SubmitRequest(
                        chunk=envelope_pb2.AttachmentChunk(attachment_index=index, data=data[offset:offset + CHUNK]))

        try:
            acceptance = submission_pb2_grpc.SubmissionServiceStub(channel).Submit(requests())
        except grpc.RpcError as error:
            print(json.dumps({"refused": error.code().name, "detail": error.details()}, ensure_ascii=False))
            return 3

        receipt = receipts_pb2.AcceptanceReceipt()
        receipt.ParseFromString(acceptance.body)
        if receipt.manifest_sha256 != hashlib.sha256(manifest_bytes).digest():
            print(json.dumps({"error": "the acceptance receipt is not for the manifest that was sent"}))
            return 1

        tracer = trace_pb2_grpc.TraceServiceStub(channel)
        deadline = time.monotonic() + args.wait_delivered
        while True:
            trace = tracer.GetTrace(trace_pb2.GetTraceRequest(envelope_id=envelope_id))
            states = {r.recipient_code: trace_pb2.DeliveryState.Name(r.state) for r in trace.recipients}
            if all(s == "DELIVERY_STATE_DELIVERED" for s in states.values()) or time.monotonic() >= deadline:
                break
            time.sleep(0.2)

        # The agency's paper count for this month, and its figures as the statistics API serves them.
        statistics = statistics_pb2_grpc.StatisticsServiceStub(channel)
        month = datetime.datetime.now(datetime.timezone(datetime.timedelta(hours=7))).strftime("%Y-%m")
        paper = statistics.ReportPaper(statistics_pb2.PaperReport(agency_code=args.sender, month=month, paper_sent=2))
        figures = statistics.GetStatistics(statistics_pb2.StatisticsQuery(
            agency_code=args.sender, granularity=statistics_pb2.GRANULARITY_MONTH))

    print(json.dumps({
        "envelope_id": envelope_id,
        "hub_id": receipt.hub_id,
        "accepted_at": receipt.accepted_at.ToJsonString(),
        "recipients": states,
        "timeline": {r.recipient_code: [trace_pb2.TraceEventKind.Name(e.kind) for e in r.timeline] for r in trace.recipients},
        "paper_reported": {"month": paper.month, "paper_sent": paper.paper_sent},
        "statistics": {"scope": figures.scope, "periods": len(figures.periods), "last_period": figures.periods[-1].period},
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writes facts-only extracts of the AWS service models shipped with botocore.

Usage: python3 tools/models/extract.py sqs [events ...]

For each service name, reads botocore's newest data/<service>/<version>/service-2.json.gz and
writes model/src/main/resources/dev/docket/model/aws/<service>.json with the facts the wire layer
and the validator need: metadata, operations (HTTP binding, input/output, errors) and shapes
(types, members and their serialization traits, constraints, error traits). Documentation and
other prose are dropped.

Docket adds facts AWS's current models no longer carry (the awsQuery serialization names SQS's
older protocol still uses). They are written under keys AWS never uses, so they are never mistaken
for AWS's: "queryName" on a member, "queryKeyName"/"queryValueName" on a map shape, and
"queryXmlNamespace" under metadata.docket, and "docketOpenEnum" on string enums the service
validates itself (the validator does not enforce their values). The "_docket" key at the top of each file lists them.
"""

import gzip
import json
import os
import sys

import botocore

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT_DIR = os.path.join(ROOT, "model", "src", "main", "resources", "dev", "docket", "model", "aws")

METADATA_KEYS = ("apiVersion", "protocol", "protocols", "jsonVersion", "targetPrefix",
                 "signingName", "endpointPrefix", "awsQueryCompatible", "serviceId", "xmlNamespace")
OPERATION_HTTP_KEYS = ("method", "requestUri", "responseCode")
SHAPE_KEYS = ("type", "required", "min", "max", "pattern", "enum", "flattened", "timestampFormat",
              "exception", "fault", "error", "payload", "document", "union", "locationName")
MEMBER_KEYS = ("shape", "location", "locationName", "flattened", "idempotencyToken", "jsonvalue",
               "timestampFormat", "hostLabel", "xmlAttribute", "xmlNamespace")

# Docket's additions: awsQuery names per service.
# members: "Structure.Member" -> query name; maps: map shape -> (key name, value name).
QUERY_OVERRIDES = {
    "sqs": {
        "xmlNamespace": "http://queue.amazonaws.com/doc/2012-11-05/",
        "members": {
            "CreateQueueRequest.Attributes": "Attribute",
            "CreateQueueRequest.tags": "Tag",
            "GetQueueAttributesRequest.AttributeNames": "AttributeName",
            "GetQueueAttributesResult.Attributes": "Attribute",
            "SetQueueAttributesRequest.Attributes": "Attribute",
            "ReceiveMessageRequest.AttributeNames": "AttributeName",
            "ReceiveMessageRequest.MessageSystemAttributeNames": "MessageSystemAttributeName",
            "ReceiveMessageRequest.MessageAttributeNames": "MessageAttributeName",
            "ReceiveMessageResult.Messages": "Message",
            "Message.Attributes": "Attribute",
            "Message.MessageAttributes": "MessageAttribute",
            "SendMessageRequest.MessageAttributes": "MessageAttribute",
            "SendMessageRequest.MessageSystemAttributes": "MessageSystemAttribute",
            "SendMessageBatchRequestEntry.MessageAttributes": "MessageAttribute",
            "SendMessageBatchRequestEntry.MessageSystemAttributes": "MessageSystemAttribute",
            "MessageAttributeValue.StringListValues": "StringListValue",
            "MessageAttributeValue.BinaryListValues": "BinaryListValue",
            "MessageSystemAttributeValue.StringListValues": "StringListValue",
            "MessageSystemAttributeValue.BinaryListValues": "BinaryListValue",
            "SendMessageBatchRequest.Entries": "SendMessageBatchRequestEntry",
            "DeleteMessageBatchRequest.Entries": "DeleteMessageBatchRequestEntry",
            "ChangeMessageVisibilityBatchRequest.Entries": "ChangeMessageVisibilityBatchRequestEntry",
            "SendMessageBatchResult.Successful": "SendMessageBatchResultEntry",
            "SendMessageBatchResult.Failed": "BatchResultErrorEntry",
            "DeleteMessageBatchResult.Successful": "DeleteMessageBatchResultEntry",
            "DeleteMessageBatchResult.Failed": "BatchResultErrorEntry",
            "ChangeMessageVisibilityBatchResult.Successful": "ChangeMessageVisibilityBatchResultEntry",
            "ChangeMessageVisibilityBatchResult.Failed": "BatchResultErrorEntry",
            "ListQueuesResult.QueueUrls": "QueueUrl",
            "ListDeadLetterSourceQueuesResult.queueUrls": "QueueUrl",
            "ListQueueTagsResult.Tags": "Tag",
            "TagQueueRequest.Tags": "Tag",
            "UntagQueueRequest.TagKeys": "TagKey",
            "AddPermissionRequest.AWSAccountIds": "AWSAccountId",
            "AddPermissionRequest.Actions": "ActionName",
            "ListMessageMoveTasksResult.Results": "ListMessageMoveTasksResultEntry",
        },
        "maps": {
            "QueueAttributeMap": ("Name", "Value"),
            "MessageBodyAttributeMap": ("Name", "Value"),
            "MessageBodySystemAttributeMap": ("Name", "Value"),
            "MessageSystemAttributeMap": ("Name", "Value"),
            "TagMap": ("Key", "Value"),
        },
        # String enums the service checks itself, with its own error: SQS accepts message
        # attribute names (SentTimestamp, ...) in ReceiveMessage's AttributeNames, whose model
        # shape is the queue-attribute enum, and answers InvalidAttributeName for unknown ones.
        "openEnums": ["QueueAttributeName"],
    },
}


def newest_model(service):
    base = os.path.join(os.path.dirname(botocore.__file__), "data", service)
    versions = sorted(v for v in os.listdir(base) if os.path.isdir(os.path.join(base, v)))
    if not versions:
        raise SystemExit(f"no model versions for service '{service}' under {base}")
    path = os.path.join(base, versions[-1], "service-2.json.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return json.load(f)


def pick(source, keys):
    return {k: source[k] for k in keys if k in source}


def extract(service):
    model = newest_model(service)
    overrides = QUERY_OVERRIDES.get(service, {"members": {}, "maps": {}})
    metadata = pick(model["metadata"], METADATA_KEYS)
    docket = {}
    if "xmlNamespace" in overrides:
        docket["queryXmlNamespace"] = overrides["xmlNamespace"]
    if docket:
        metadata["docket"] = docket

    operations = {}
    for name, op in sorted(model["operations"].items()):
        entry = {"name": op["name"], "http": pick(op.get("http", {}), OPERATION_HTTP_KEYS)}
        if "input" in op:
            entry["input"] = op["input"]["shape"]
        if "output" in op:
            entry["output"] = op["output"]["shape"]
        entry["errors"] = [e["shape"] for e in op.get("errors", [])]
        operations[name] = entry

    used_members, used_maps = set(), set()
    shapes = {}
    for name, shape in sorted(model["shapes"].items()):
        out = pick(shape, SHAPE_KEYS)
        if "members" in shape:
            members = {}
            for member_name, member in shape["members"].items():
                m = pick(member, MEMBER_KEYS)
                query_name = overrides["members"].get(f"{name}.{member_name}")
                if query_name:
                    m["queryName"] = query_name
                    used_members.add(f"{name}.{member_name}")
                members[member_name] = m
            out["members"] = members
        for part in ("member", "key", "value"):
            if part in shape:
                out[part] = pick(shape[part], MEMBER_KEYS)
        if name in overrides.get("openEnums", []):
            out["docketOpenEnum"] = True
            used_maps.add(name)
        if name in overrides["maps"]:
            out["queryKeyName"], out["queryValueName"] = overrides["maps"][name]
            used_maps.add(name)
        shapes[name] = out

    unused = (set(overrides["members"]) - used_members) | (
        (set(overrides["maps"]) | set(overrides.get("openEnums", []))) - used_maps)
    if unused:
        raise SystemExit(f"query overrides for '{service}' name absent members: {sorted(unused)}")

    return {
        "_docket": "Facts-only extract of the AWS service model for '" + service + "' from botocore "
        + botocore.__version__ + " (Apache-2.0, see NOTICE). Docket's additions, not AWS's: "
        "member 'queryName', map shape 'queryKeyName'/'queryValueName', shape 'docketOpenEnum' "
        "(enum values are advisory: the service validates them), metadata 'docket'.",
        "metadata": metadata,
        "operations": operations,
        "shapes": shapes,
    }


def main(services):
    if not services:
        raise SystemExit("usage: extract.py <service> [<service> ...]")
    os.makedirs(OUT_DIR, exist_ok=True)
    for service in services:
        path = os.path.join(OUT_DIR, f"{service}.json")
        with open(path, "w", encoding="utf-8") as f:
            json.dump(extract(service), f, indent=1, sort_keys=False)
            f.write("\n")
        print(f"wrote {os.path.relpath(path, ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])

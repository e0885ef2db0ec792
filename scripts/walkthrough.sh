#!/usr/bin/env bash
# The README's five-minute walkthrough with the real aws CLI, checking every answer.
#
#   scripts/walkthrough.sh [ENDPOINT]        (default http://127.0.0.1:4566)
#
# Creates a queue with a dead-letter queue, sends, receives, changes visibility, deletes, lets a
# message land in the DLQ, moves it back with a message move task, tags, purges and deletes both
# queues. Exits non-zero with a message naming the step on the first answer that is not as
# expected. Needs `aws` (v1 or v2) and `jq` on the PATH. Queue names start with
# $WALKTHROUGH_PREFIX (default walkthrough-<pid>) so runs never collide.
set -euo pipefail

endpoint="${1:-http://127.0.0.1:4566}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_PAGER=""
prefix="${WALKTHROUGH_PREFIX:-walkthrough-$$}"

current_step="start"
reported=false
on_exit() {
  local rc=$?
  if ((rc != 0)) && [[ "$reported" == false ]]; then
    echo "walkthrough: FAILED in step \"$current_step\" (exit $rc; the aws error is above)" >&2
  fi
}
trap on_exit EXIT

for tool in aws jq md5sum; do
  command -v "$tool" >/dev/null || { echo "walkthrough: $tool is not on the PATH" >&2; exit 2; }
done

step() { current_step="$*"; echo "==> [${SECONDS}s] $*"; }
fail() { reported=true; echo "walkthrough: FAILED in step \"$current_step\": $*" >&2; exit 1; }
sqs() { aws --endpoint-url "$endpoint" --output json sqs "$@"; }

# expect JSON FILTER: the jq filter must yield true on the JSON (an empty answer counts as {}).
expect() {
  local json="${1:-}" filter="$2"
  [[ -n "$json" ]] || json='{}'
  jq -e "$filter" >/dev/null <<<"$json" || fail "expected jq '$filter' to hold on: $json"
}

# attribute QUEUE_URL NAME: one queue attribute's value.
attribute() {
  sqs get-queue-attributes --queue-url "$1" --attribute-names "$2" | jq -r ".Attributes.$2"
}

# await_attribute QUEUE_URL NAME VALUE: polls (bounded) until the attribute has the value.
await_attribute() {
  local value
  for _ in $(seq 1 20); do
    value="$(attribute "$1" "$2")"
    [[ "$value" == "$3" ]] && return 0
    sleep 0.5
  done
  fail "$2 of $1 stayed '$value', expected '$3'"
}

md5() { printf '%s' "$1" | md5sum | cut -d' ' -f1; }

echo "Docket walkthrough against $endpoint (queues $prefix-*)"

step "create a dead-letter queue"
dlq_url="$(sqs create-queue --queue-name "$prefix-dlq" | jq -r .QueueUrl)"
[[ "$dlq_url" == */"$prefix-dlq" ]] || fail "unexpected DLQ URL '$dlq_url'"
dlq_arn="$(attribute "$dlq_url" QueueArn)"
[[ "$dlq_arn" =~ ^arn:aws:sqs:[a-z0-9-]+:[0-9]{12}:$prefix-dlq$ ]] || fail "bad DLQ ARN '$dlq_arn'"

step "create a queue that redrives to it after 2 receives"
attributes="$(jq -nc --arg arn "$dlq_arn" \
  '{RedrivePolicy: ({deadLetterTargetArn: $arn, maxReceiveCount: 2} | tojson), VisibilityTimeout: "30"}')"
url="$(sqs create-queue --queue-name "$prefix-orders" --attributes "$attributes" | jq -r .QueueUrl)"
[[ "$url" == */"$prefix-orders" ]] || fail "unexpected queue URL '$url'"
expect "$(sqs get-queue-url --queue-name "$prefix-orders")" ".QueueUrl == \"$url\""

step "send a message with an attribute"
body='Hello, Docket!'
sent="$(sqs send-message --queue-url "$url" --message-body "$body" \
  --message-attributes '{"kind":{"DataType":"String","StringValue":"greeting"}}')"
expect "$sent" "(.MessageId | length > 0) and .MD5OfMessageBody == \"$(md5 "$body")\" and (.MD5OfMessageAttributes | length == 32)"

step "receive it with its attributes"
received="$(sqs receive-message --queue-url "$url" --max-number-of-messages 1 --wait-time-seconds 5 \
  --attribute-names All --message-attribute-names All)"
expect "$received" ".Messages | length == 1"
expect "$received" ".Messages[0].Body == \"$body\" and .Messages[0].MD5OfBody == \"$(md5 "$body")\""
expect "$received" '.Messages[0].Attributes.ApproximateReceiveCount == "1" and (.Messages[0].Attributes.SentTimestamp | test("^[0-9]+$"))'
expect "$received" '.Messages[0].MessageAttributes.kind == {"DataType": "String", "StringValue": "greeting"}'
receipt="$(jq -r '.Messages[0].ReceiptHandle' <<<"$received")"

step "change its visibility timeout"
sqs change-message-visibility --queue-url "$url" --receipt-handle "$receipt" --visibility-timeout 60
await_attribute "$url" ApproximateNumberOfMessagesNotVisible 1

step "delete it"
sqs delete-message --queue-url "$url" --receipt-handle "$receipt"
await_attribute "$url" ApproximateNumberOfMessagesNotVisible 0

step "send a batch of three"
batch="$(sqs send-message-batch --queue-url "$url" --entries \
  'Id=one,MessageBody=first' 'Id=two,MessageBody=second' 'Id=three,MessageBody=third')"
expect "$batch" '(.Successful | map(.Id) | sort) == ["one", "three", "two"] and ((.Failed // []) | length == 0)'

step "receive the batch and delete it in one call"
bodies=()
receipts=()
for _ in $(seq 1 10); do
  received="$(sqs receive-message --queue-url "$url" --max-number-of-messages 10 --wait-time-seconds 2)"
  while IFS=$'\t' read -r b r; do
    [[ -n "$b" ]] || continue
    bodies+=("$b")
    receipts+=("$r")
  done < <(jq -r '(.Messages // [])[] | [.Body, .ReceiptHandle] | @tsv' <<<"${received:-{\}}")
  (( ${#bodies[@]} >= 3 )) && break
done
[[ "$(printf '%s\n' "${bodies[@]}" | sort | paste -sd,)" == "first,second,third" ]] \
  || fail "received bodies '${bodies[*]}', expected first, second, third once each"
entries="$(printf '%s\n' "${receipts[@]}" | jq -Rsc 'split("\n") | map(select(. != "")) | to_entries | map({Id: "m\(.key)", ReceiptHandle: .value})')"
expect "$(sqs delete-message-batch --queue-url "$url" --entries "$entries")" \
  '(.Successful | length == 3) and ((.Failed // []) | length == 0)'
await_attribute "$url" ApproximateNumberOfMessages 0

step "receive a poison message twice without deleting it: it lands in the DLQ"
sqs send-message --queue-url "$url" --message-body 'poison pill' >/dev/null
deliveries=0
for _ in $(seq 1 4); do
  received="$(sqs receive-message --queue-url "$url" --visibility-timeout 0 --wait-time-seconds 1 \
    --message-system-attribute-names ApproximateReceiveCount)"
  if jq -e '(.Messages // []) | length == 1' >/dev/null <<<"${received:-{\}}"; then
    deliveries=$((deliveries + 1))
    expect "$received" ".Messages[0].Body == \"poison pill\" and .Messages[0].Attributes.ApproximateReceiveCount == \"$deliveries\""
  fi
  [[ "$(attribute "$dlq_url" ApproximateNumberOfMessages)" == 1 ]] && break
done
(( deliveries == 2 )) || fail "poison message was delivered $deliveries times, expected 2 (maxReceiveCount)"
await_attribute "$dlq_url" ApproximateNumberOfMessages 1
await_attribute "$url" ApproximateNumberOfMessages 0

step "list the DLQ's source queues"
expect "$(sqs list-dead-letter-source-queues --queue-url "$dlq_url")" ".queueUrls == [\"$url\"]"

step "move the message back with a message move task"
task="$(sqs start-message-move-task --source-arn "$dlq_arn")"
expect "$task" '.TaskHandle | length > 0'
for _ in $(seq 1 20); do
  tasks="$(sqs list-message-move-tasks --source-arn "$dlq_arn")"
  jq -e '.Results[0].Status == "COMPLETED"' >/dev/null <<<"$tasks" && break
  sleep 0.5
done
expect "$tasks" '.Results[0].Status == "COMPLETED" and .Results[0].ApproximateNumberOfMessagesMoved == 1'
await_attribute "$url" ApproximateNumberOfMessages 1
await_attribute "$dlq_url" ApproximateNumberOfMessages 0

step "read the queue's attributes"
all="$(sqs get-queue-attributes --queue-url "$url" --attribute-names All)"
expect "$all" ".Attributes.QueueArn == \"${dlq_arn%-dlq}-orders\" and .Attributes.VisibilityTimeout == \"30\""
expect "$all" ".Attributes.RedrivePolicy | fromjson | .deadLetterTargetArn == \"$dlq_arn\" and (.maxReceiveCount | tonumber) == 2"
expect "$all" '.Attributes | (.CreatedTimestamp | test("^[0-9]+$")) and .DelaySeconds == "0" and .ApproximateNumberOfMessages == "1"'

step "tag it, list the tags, untag"
sqs tag-queue --queue-url "$url" --tags team=payments,env=dev
expect "$(sqs list-queue-tags --queue-url "$url")" '.Tags == {"team": "payments", "env": "dev"}'
sqs untag-queue --queue-url "$url" --tag-keys env
expect "$(sqs list-queue-tags --queue-url "$url")" '.Tags == {"team": "payments"}'

step "purge it"
sqs purge-queue --queue-url "$url"
await_attribute "$url" ApproximateNumberOfMessages 0

step "delete both queues"
sqs delete-queue --queue-url "$url"
sqs delete-queue --queue-url "$dlq_url"
expect "$(sqs list-queues --queue-name-prefix "$prefix")" '(.QueueUrls // []) | length == 0'

echo "walkthrough: OK"

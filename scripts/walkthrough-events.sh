#!/usr/bin/env bash
# The README's event-bus walkthrough with the real aws CLI, checking every answer.
#
#   scripts/walkthrough-events.sh [ENDPOINT]        (default http://127.0.0.1:4566)
#
# Creates a bus, a rule with an event pattern and two targets (a queue with an input transformer,
# and a queue that is deleted so its events land in a dead-letter queue), tests a pattern, puts
# events, reads what the queues received, and cleans up. Exits non-zero naming the step on the
# first answer that is not as expected. Needs `aws` and `jq` on the PATH.
set -euo pipefail

endpoint="${1:-http://127.0.0.1:4566}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_PAGER=""
prefix="${WALKTHROUGH_PREFIX:-events-walkthrough-$$}"

step="start"
trap 'rc=$?; ((rc == 0)) || echo "walkthrough-events: FAILED in step \"$step\" (exit $rc)" >&2' EXIT
for tool in aws jq; do
  command -v "$tool" >/dev/null || { echo "walkthrough-events: $tool is not on the PATH" >&2; exit 2; }
done
events() { aws --endpoint-url "$endpoint" events "$@"; }
sqs() { aws --endpoint-url "$endpoint" sqs "$@"; }
expect() { # expect DESCRIPTION ACTUAL EXPECTED
  if [[ "$2" != "$3" ]]; then
    echo "walkthrough-events: $1: expected [$3] but got [$2]" >&2
    exit 1
  fi
}
receive() { # receive QUEUE_URL: the first message body within 10 s, or empty
  sqs receive-message --queue-url "$1" --wait-time-seconds 10 --max-number-of-messages 1 \
    --message-attribute-names All --output json
}

step="create queues"
orders_url=$(sqs create-queue --queue-name "$prefix-orders" --query QueueUrl --output text)
dlq_url=$(sqs create-queue --queue-name "$prefix-dlq" --query QueueUrl --output text)
gone_url=$(sqs create-queue --queue-name "$prefix-gone" --query QueueUrl --output text)
arn() { sqs get-queue-attributes --queue-url "$1" --attribute-names QueueArn \
  --query Attributes.QueueArn --output text; }
orders_arn=$(arn "$orders_url"); dlq_arn=$(arn "$dlq_url"); gone_arn=$(arn "$gone_url")

step="create a bus and a rule"
events create-event-bus --name "$prefix-bus" >/dev/null
pattern='{"source":["shop.orders"],"detail-type":["OrderPlaced"],"detail":{"total":[{"numeric":[">",100]}]}}'
rule_arn=$(events put-rule --name big-orders --event-bus-name "$prefix-bus" \
  --event-pattern "$pattern" --query RuleArn --output text)
expect "rule ARN" "$rule_arn" "arn:aws:events:$AWS_DEFAULT_REGION:000000000000:rule/$prefix-bus/big-orders"

step="test the pattern"
event='{"id":"1","account":"000000000000","source":"shop.orders","time":"2026-01-01T00:00:00Z","region":"us-east-1","detail-type":"OrderPlaced","detail":{"total":250}}'
expect "TestEventPattern" "$(events test-event-pattern --event-pattern "$pattern" --event "$event" \
  --query Result --output text)" "True"

step="add targets"
targets=$(jq -nc --arg orders "$orders_arn" --arg gone "$gone_arn" --arg dlq "$dlq_arn" '[
  {Id: "orders", Arn: $orders, InputTransformer: {
    InputPathsMap: {order: "$.detail.order", total: "$.detail.total"},
    InputTemplate: "{\"order\": <order>, \"total\": <total>, \"note\": \"big order <order>\"}"}},
  {Id: "gone", Arn: $gone, DeadLetterConfig: {Arn: $dlq},
   RetryPolicy: {MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 60}}]')
expect "PutTargets failures" "$(events put-targets --rule big-orders --event-bus-name "$prefix-bus" \
  --targets "$targets" --query FailedEntryCount --output text)" "0"
sqs delete-queue --queue-url "$gone_url"

step="put events"
entries=$(jq -nc --arg bus "$prefix-bus" '[
  {EventBusName: $bus, Source: "shop.orders", DetailType: "OrderPlaced", Detail: "{\"order\":\"o-1\",\"total\":250}"},
  {EventBusName: $bus, Source: "shop.orders", DetailType: "OrderPlaced", Detail: "{\"order\":\"o-2\",\"total\":5}"},
  {EventBusName: $bus, Source: "shop.orders", DetailType: "OrderPlaced", Detail: "[1,2]"}]')
put=$(events put-events --entries "$entries" --output json)
expect "FailedEntryCount" "$(jq -r .FailedEntryCount <<<"$put")" "1"
expect "malformed Detail" "$(jq -r '.Entries[2].ErrorCode' <<<"$put")" "MalformedDetail"

step="the big order reaches its queue, transformed"
body=$(receive "$orders_url" | jq -r '.Messages[0].Body')
expect "delivered body" "$(jq -c . <<<"$body")" '{"order":"o-1","total":250,"note":"big order o-1"}'

step="the deleted queue's event lands in the dead-letter queue"
dead=$(receive "$dlq_url")
expect "dead-letter RULE_ARN" "$(jq -r '.Messages[0].MessageAttributes.RULE_ARN.StringValue' <<<"$dead")" "$rule_arn"
expect "dead-letter TARGET_ARN" "$(jq -r '.Messages[0].MessageAttributes.TARGET_ARN.StringValue' <<<"$dead")" "$gone_arn"

step="clean up"
events remove-targets --rule big-orders --event-bus-name "$prefix-bus" --ids orders gone >/dev/null
events delete-rule --name big-orders --event-bus-name "$prefix-bus"
events delete-event-bus --name "$prefix-bus"
sqs delete-queue --queue-url "$orders_url"
sqs delete-queue --queue-url "$dlq_url"
echo "walkthrough-events: OK"

#!/usr/bin/env bash
# The README's archive-and-replay walkthrough with the real aws CLI, checking every answer.
#
#   scripts/walkthrough-archives.sh [ENDPOINT]        (default http://127.0.0.1:4566)
#
# Creates a bus with a rule that sends to a queue, an archive of the bus's "shop.orders" events,
# puts events, waits until the archive counts them, replays them, reads the replayed events (with
# their replay-name) from the queue, checks an error of StartReplay, and cleans up. Exits non-zero
# naming the step on the first answer that is not as expected. Needs `aws` and `jq` on the PATH.
set -euo pipefail

endpoint="${1:-http://127.0.0.1:4566}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_PAGER=""
prefix="${WALKTHROUGH_PREFIX:-archives-walkthrough-$$}"

step="start"
trap 'rc=$?; ((rc == 0)) || echo "walkthrough-archives: FAILED in step \"$step\" (exit $rc)" >&2' EXIT
for tool in aws jq; do
  command -v "$tool" >/dev/null || { echo "walkthrough-archives: $tool is not on the PATH" >&2; exit 2; }
done
events() { aws --endpoint-url "$endpoint" events "$@"; }
sqs() { aws --endpoint-url "$endpoint" sqs "$@"; }
expect() { # expect DESCRIPTION ACTUAL EXPECTED
  if [[ "$2" != "$3" ]]; then
    echo "walkthrough-archives: $1: expected [$3] but got [$2]" >&2
    exit 1
  fi
}
now() { date -u +%Y-%m-%dT%H:%M:%SZ; }

step="create a bus, a queue and a rule"
bus_arn=$(events create-event-bus --name "$prefix-bus" --query EventBusArn --output text)
queue_url=$(sqs create-queue --queue-name "$prefix-orders" --query QueueUrl --output text)
queue_arn=$(sqs get-queue-attributes --queue-url "$queue_url" --attribute-names QueueArn \
  --query Attributes.QueueArn --output text)
events put-rule --name orders --event-bus-name "$prefix-bus" \
  --event-pattern '{"source":["shop.orders"]}' >/dev/null
events put-targets --rule orders --event-bus-name "$prefix-bus" \
  --targets "[{\"Id\":\"q\",\"Arn\":\"$queue_arn\"}]" >/dev/null

step="create an archive"
archive_arn=$(events create-archive --archive-name "$prefix" --event-source-arn "$bus_arn" \
  --event-pattern '{"source":["shop.orders"]}' --retention-days 30 --query ArchiveArn --output text)
expect "archive ARN" "$archive_arn" "arn:aws:events:$AWS_DEFAULT_REGION:000000000000:archive/$prefix"
expect "archive state" "$(events describe-archive --archive-name "$prefix" --query State --output text)" "ENABLED"

step="put events and wait until they are archived"
start=$(now)
sleep 1
events put-events --entries "[
  {\"EventBusName\":\"$prefix-bus\",\"Source\":\"shop.orders\",\"DetailType\":\"OrderPlaced\",\"Detail\":\"{\\\"order\\\":1}\"},
  {\"EventBusName\":\"$prefix-bus\",\"Source\":\"shop.orders\",\"DetailType\":\"OrderPlaced\",\"Detail\":\"{\\\"order\\\":2}\"},
  {\"EventBusName\":\"$prefix-bus\",\"Source\":\"shop.other\",\"DetailType\":\"Other\",\"Detail\":\"{}\"}]" >/dev/null
count=0
for _ in $(seq 1 100); do
  count=$(events describe-archive --archive-name "$prefix" --query EventCount --output text)
  [[ "$count" == 2 ]] && break
  sleep 0.1
done
expect "archived events" "$count" "2"

step="drain the live deliveries"
live=0
for _ in $(seq 1 20); do
  n=$(sqs receive-message --queue-url "$queue_url" --max-number-of-messages 10 --wait-time-seconds 1 \
    --output json | jq '[.Messages // [] | .[] ] | length')
  live=$((live + n))
  ((live >= 2)) && break
done
expect "live deliveries" "$live" "2"
sqs purge-queue --queue-url "$queue_url"

step="replay"
sleep 1
end=$(now)
state=$(events start-replay --replay-name "$prefix-replay" --event-source-arn "$archive_arn" \
  --event-start-time "$start" --event-end-time "$end" --destination "{\"Arn\":\"$bus_arn\"}" \
  --query State --output text)
expect "started replay" "$state" "STARTING"
for _ in $(seq 1 100); do
  state=$(events describe-replay --replay-name "$prefix-replay" --query State --output text)
  [[ "$state" == COMPLETED ]] && break
  sleep 0.1
done
expect "replay state" "$state" "COMPLETED"

step="receive the replayed events"
bodies=$(sqs receive-message --queue-url "$queue_url" --max-number-of-messages 10 --wait-time-seconds 5 \
  --output json | jq -c '[.Messages[].Body | fromjson]')
for _ in 1 2 3; do
  (( $(jq length <<<"$bodies") >= 2 )) && break
  more=$(sqs receive-message --queue-url "$queue_url" --max-number-of-messages 10 --wait-time-seconds 2 \
    --output json | jq -c '[(.Messages // [])[].Body | fromjson]')
  bodies=$(jq -c --argjson more "$more" '. + $more' <<<"$bodies")
done
expect "replayed orders" "$(jq -c '[.[].detail.order] | sort' <<<"$bodies")" "[1,2]"
expect "replay-name" "$(jq -r '[.[]."replay-name"] | unique | join(",")' <<<"$bodies")" "$prefix-replay"
expect "archive after the replay" \
  "$(events describe-archive --archive-name "$prefix" --query EventCount --output text)" "2"

step="a replay to another bus is refused"
events create-event-bus --name "$prefix-other" >/dev/null
if out=$(events start-replay --replay-name "$prefix-cross" --event-source-arn "$archive_arn" \
  --event-start-time "$start" --event-end-time "$end" \
  --destination "{\"Arn\":\"${bus_arn%/*}/$prefix-other\"}" 2>&1); then
  echo "walkthrough-archives: a cross-bus replay was accepted" >&2; exit 1
fi
expect "cross-bus error" "$(grep -c 'Cross event bus replay is not permitted' <<<"$out")" "1"

step="clean up"
events delete-archive --archive-name "$prefix"
events remove-targets --rule orders --event-bus-name "$prefix-bus" --ids q >/dev/null
events delete-rule --name orders --event-bus-name "$prefix-bus"
events delete-event-bus --name "$prefix-bus"
events delete-event-bus --name "$prefix-other"
sqs delete-queue --queue-url "$queue_url"
echo "walkthrough-archives: OK"

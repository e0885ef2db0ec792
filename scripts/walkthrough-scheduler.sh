#!/usr/bin/env bash
# The README's EventBridge Scheduler walkthrough with the real aws CLI, checking every answer.
#
#   scripts/walkthrough-scheduler.sh [ENDPOINT]        (default http://127.0.0.1:4566)
#
# Creates a queue and a tagged schedule group, a one-time schedule a few seconds ahead that sends a
# message to the queue and deletes itself, and a recurring one; reads them back, lists, tags,
# waits for the message, shows an error, and deletes the group with its schedules. Exits non-zero
# naming the step on the first answer that is not as expected. Needs `aws` and `jq` on the PATH.
set -euo pipefail

endpoint="${1:-http://127.0.0.1:4566}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_PAGER=""
prefix="${WALKTHROUGH_PREFIX:-scheduler-walkthrough-$$}"

step="start"
trap 'rc=$?; ((rc == 0)) || echo "walkthrough-scheduler: FAILED in step \"$step\" (exit $rc)" >&2' EXIT
for tool in aws jq; do
  command -v "$tool" >/dev/null || { echo "walkthrough-scheduler: $tool is not on the PATH" >&2; exit 2; }
done
scheduler() { aws --endpoint-url "$endpoint" scheduler "$@"; }
sqs() { aws --endpoint-url "$endpoint" sqs "$@"; }
expect() { # expect DESCRIPTION ACTUAL EXPECTED
  if [[ "$2" != "$3" ]]; then
    echo "walkthrough-scheduler: $1: expected [$3] but got [$2]" >&2
    exit 1
  fi
}
role="arn:aws:iam::000000000000:role/scheduler"

step="create a queue"
queue_url=$(sqs create-queue --queue-name "$prefix-reminders" --query QueueUrl --output text)
queue_arn=$(sqs get-queue-attributes --queue-url "$queue_url" --attribute-names QueueArn \
  --query Attributes.QueueArn --output text)

step="create a schedule group"
group_arn=$(scheduler create-schedule-group --name "$prefix" --tags Key=team,Value=ops \
  --query ScheduleGroupArn --output text)
expect "group ARN" "$group_arn" "arn:aws:scheduler:$AWS_DEFAULT_REGION:000000000000:schedule-group/$prefix"
expect "group tags" "$(scheduler list-tags-for-resource --resource-arn "$group_arn" \
  --query 'Tags[0].Value' --output text)" "ops"

step="create a recurring schedule"
target=$(jq -nc --arg arn "$queue_arn" --arg role "$role" \
  '{Arn: $arn, RoleArn: $role, Input: "{\"remind\":\"standup\"}"}')
scheduler create-schedule --name weekly --group-name "$prefix" \
  --schedule-expression "cron(0 9 ? * MON *)" --schedule-expression-timezone Europe/Berlin \
  --flexible-time-window Mode=FLEXIBLE,MaximumWindowInMinutes=15 --target "$target" >/dev/null
expect "time zone" "$(scheduler get-schedule --name weekly --group-name "$prefix" \
  --query ScheduleExpressionTimezone --output text)" "Europe/Berlin"
expect "listed" "$(scheduler list-schedules --group-name "$prefix" \
  --query 'Schedules[0].Name' --output text)" "weekly"

step="create a one-time schedule"
when=$(date -u -d '+6 seconds' +%Y-%m-%dT%H:%M:%S)
once_arn=$(scheduler create-schedule --name standup --group-name "$prefix" \
  --schedule-expression "at($when)" --flexible-time-window Mode=OFF \
  --action-after-completion DELETE --target "$target" --query ScheduleArn --output text)
expect "schedule ARN" "$once_arn" "arn:aws:scheduler:$AWS_DEFAULT_REGION:000000000000:schedule/$prefix/standup"

step="receive the reminder"
body=""
for _ in 1 2 3 4 5 6; do
  body=$(sqs receive-message --queue-url "$queue_url" --wait-time-seconds 5 \
    --query 'Messages[0].Body' --output text)
  [[ "$body" != "None" ]] && break
done
expect "message body" "$body" '{"remind":"standup"}'

step="the one-time schedule deleted itself"
gone=""
for _ in 1 2 3 4 5 6 7 8 9 10; do
  if ! gone=$(scheduler get-schedule --name standup --group-name "$prefix" 2>&1); then break; fi
  sleep 0.5
done
case "$gone" in
  *ResourceNotFoundException*"Schedule standup does not exist."*) ;;
  *) echo "walkthrough-scheduler: expected ResourceNotFoundException, got: $gone" >&2; exit 1 ;;
esac

step="a bad expression"
if out=$(scheduler create-schedule --name bad --schedule-expression "rate(10 seconds)" \
  --flexible-time-window Mode=OFF --target "$target" 2>&1); then
  echo "walkthrough-scheduler: rate(10 seconds) was accepted" >&2; exit 1
fi
case "$out" in
  *ValidationException*"Invalid Schedule Expression rate(10 seconds)."*) ;;
  *) echo "walkthrough-scheduler: unexpected error: $out" >&2; exit 1 ;;
esac

step="clean up"
scheduler delete-schedule-group --name "$prefix"
expect "schedules after the group is gone" "$(scheduler list-schedules --name-prefix weekly \
  --query "length(Schedules[?GroupName=='$prefix'])" --output text)" "0"
sqs delete-queue --queue-url "$queue_url"

echo "walkthrough-scheduler: OK"

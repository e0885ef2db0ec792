#!/usr/bin/env bash
# The README's state-machine walkthrough with the real aws CLI, checking every answer.
#
#   scripts/walkthrough-states.sh [ENDPOINT]        (default http://127.0.0.1:4566)
#
# Creates a queue and a state machine whose Task sends the order to the queue with a task token
# and waits for the callback; a Choice then routes by the answer. Starts an execution, plays the
# worker (receives the message, answers SendTaskSuccess), reads the result and the history, and
# cleans up. Exits non-zero naming the step on the first answer that is not as expected. Needs
# `aws` and `jq` on the PATH.
set -euo pipefail

endpoint="${1:-http://127.0.0.1:4566}"
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-us-east-1}"
export AWS_PAGER=""
prefix="${WALKTHROUGH_PREFIX:-states-walkthrough-$$}"

step="start"
trap 'rc=$?; ((rc == 0)) || echo "walkthrough-states: FAILED in step \"$step\" (exit $rc)" >&2' EXIT
for tool in aws jq; do
  command -v "$tool" >/dev/null || { echo "walkthrough-states: $tool is not on the PATH" >&2; exit 2; }
done
sfn() { aws --endpoint-url "$endpoint" stepfunctions "$@"; }
sqs() { aws --endpoint-url "$endpoint" sqs "$@"; }
expect() { # expect DESCRIPTION ACTUAL EXPECTED
  if [[ "$2" != "$3" ]]; then
    echo "walkthrough-states: $1: expected [$3] but got [$2]" >&2
    exit 1
  fi
}

step="create a queue for the worker"
queue_url=$(sqs create-queue --queue-name "$prefix-approvals" --query QueueUrl --output text)

step="create the state machine"
# Ask: send the order and the task token to the queue, then wait for a worker's answer.
# Decide: a Choice on the answer. Approved: a Pass shapes the output. Otherwise: Fail.
definition=$(jq -nc --arg url "$queue_url" '{
  Comment: "Approve an order through a worker",
  StartAt: "Ask",
  States: {
    Ask: {Type: "Task", Resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
          Parameters: {QueueUrl: $url, MessageBody: {"order.$": "$.order", "token.$": "$$.Task.Token"}},
          ResultPath: "$.decision", TimeoutSeconds: 300, Next: "Decide"},
    Decide: {Type: "Choice",
             Choices: [{Variable: "$.decision.approved", BooleanEquals: true, Next: "Approved"}],
             Default: "Rejected"},
    Approved: {Type: "Pass", Parameters: {"order.$": "$.order", status: "APPROVED",
               "by.$": "$.decision.by"}, End: true},
    Rejected: {Type: "Fail", Error: "OrderRejected", Cause: "The worker said no"}
  }}')
machine_arn=$(sfn create-state-machine --name "$prefix-approve" --definition "$definition" \
  --role-arn arn:aws:iam::000000000000:role/docket --query stateMachineArn --output text)
expect "state machine ARN" "$machine_arn" \
  "arn:aws:states:$AWS_DEFAULT_REGION:000000000000:stateMachine:$prefix-approve"

step="start an execution"
execution_arn=$(sfn start-execution --state-machine-arn "$machine_arn" --name order-42 \
  --input '{"order":{"id":42,"total":250}}' --query executionArn --output text)
expect "execution status" "$(sfn describe-execution --execution-arn "$execution_arn" \
  --query status --output text)" "RUNNING"

step="play the worker: receive the task, answer with its token"
body=$(sqs receive-message --queue-url "$queue_url" --wait-time-seconds 10 \
  --query 'Messages[0].Body' --output text)
expect "order in the message" "$(jq -c .order <<<"$body")" '{"id":42,"total":250}'
token=$(jq -r .token <<<"$body")
sfn send-task-success --task-token "$token" --task-output '{"approved":true,"by":"alice"}'

step="read the result"
status="RUNNING"
for _ in $(seq 1 50); do
  status=$(sfn describe-execution --execution-arn "$execution_arn" --query status --output text)
  [[ $status == RUNNING ]] || break
  sleep 0.2
done
expect "execution status" "$status" "SUCCEEDED"
expect "output" "$(sfn describe-execution --execution-arn "$execution_arn" --query output \
  --output text | jq -c .)" '{"order":{"id":42,"total":250},"status":"APPROVED","by":"alice"}'

step="read the history"
types=$(sfn get-execution-history --execution-arn "$execution_arn" \
  --query 'events[].type' --output text | tr '\t' ' ')
expect "history" "$types" "ExecutionStarted TaskStateEntered TaskScheduled TaskStarted TaskSubmitted TaskSucceeded TaskStateExited ChoiceStateEntered ChoiceStateExited PassStateEntered PassStateExited ExecutionSucceeded"

step="clean up"
sfn delete-state-machine --state-machine-arn "$machine_arn"
sqs delete-queue --queue-url "$queue_url"
step="done"
echo "walkthrough-states: OK"

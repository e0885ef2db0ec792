package dev.docket.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleExpressionsParseTest {

  @Test
  void parsesRatesWithSingularUnitForOneAndPluralOtherwise() {
    assertThat(ScheduleExpressions.parse("rate(1 minute)"))
        .isEqualTo(new ScheduleExpression.Rate(1, ChronoUnit.MINUTES));
    assertThat(ScheduleExpressions.parse("rate(5 minutes)"))
        .isEqualTo(new ScheduleExpression.Rate(5, ChronoUnit.MINUTES));
    assertThat(ScheduleExpressions.parse("rate(1 hour)"))
        .isEqualTo(new ScheduleExpression.Rate(1, ChronoUnit.HOURS));
    assertThat(ScheduleExpressions.parse("rate(12 hours)"))
        .isEqualTo(new ScheduleExpression.Rate(12, ChronoUnit.HOURS));
    assertThat(ScheduleExpressions.parse("rate(1 day)"))
        .isEqualTo(new ScheduleExpression.Rate(1, ChronoUnit.DAYS));
    assertThat(ScheduleExpressions.parse("rate(7 days)"))
        .isEqualTo(new ScheduleExpression.Rate(7, ChronoUnit.DAYS));
  }

  @Test
  void rateExpressionRoundTrips() {
    assertThat(ScheduleExpressions.parse("rate(1 minute)").expression())
        .isEqualTo("rate(1 minute)");
    assertThat(ScheduleExpressions.parse("rate(5 hours)").expression()).isEqualTo("rate(5 hours)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "rate(1 minutes)",
        "rate(5 minute)",
        "rate(1 hours)",
        "rate(5 hour)",
        "rate(0 minutes)",
        "rate(-5 minutes)",
        "rate(1.5 hours)",
        "rate(5 seconds)",
        "rate(2 weeks)",
        "rate(5)",
        "rate(minutes)",
        "rate()",
        "rate(5 Minutes)",
        "rate(99999999999999999999 minutes)",
        "rate(5 minutes",
        // rejected by AWS PutRule (LocalStack's AWS-validated test_events_schedule.py)
        "rate(10 seconds)",
        "rate(10 years)",
        "rate(1 days)",
        "rate(10 day)",
        "rate(10 minutess)",
        "rate(foo minutes)",
        "rate(10 MINUTES)",
        "rate( 10 minutes )",
        " rate(10 minutes)",
        "RATE(5 minutes)",
        "every 5 minutes",
        "",
        "   "
      })
  void rejectsInvalidRates(String text) {
    assertThatThrownBy(() -> ScheduleExpressions.parse(text))
        .isInstanceOf(InvalidScheduleExpressionException.class)
        .hasMessageNotContaining("Exception");
  }

  @Test
  void namesTheRateProblem() {
    assertThatThrownBy(() -> ScheduleExpressions.parse("rate(1 hours)"))
        .hasMessage("rate unit must be singular when the value is 1");
    assertThatThrownBy(() -> ScheduleExpressions.parse("rate(5 hour)"))
        .hasMessage("rate unit must be plural when the value is not 1");
    assertThatThrownBy(() -> ScheduleExpressions.parse("rate(0 minutes)"))
        .hasMessage("rate value must be a positive number");
    assertThatThrownBy(() -> ScheduleExpressions.parse(null))
        .isInstanceOf(InvalidScheduleExpressionException.class)
        .hasMessage("schedule expression is empty");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cron(0 10 * * ? *)",
        "cron(15 12 * * ? *)",
        "cron(0 18 ? * MON-FRI *)",
        "cron(0 8 1 * ? *)",
        "cron(0/15 * * * ? *)",
        "cron(0/10 * ? * MON-FRI *)",
        "cron(0/5 8-17 ? * MON-FRI *)",
        "cron(0 9 ? * 2#1 *)",
        "cron(0 0 L * ? *)",
        "cron(0 0 ? * 6L *)",
        "cron(0 0 15W * ? *)",
        "cron(0 20 * * ? *)",
        "cron(0 0 1 JAN,FEB,MAR ? 2026-2030)",
        "cron(59 23 31 12 ? 2199)",
        "cron(0 0 1 1 ? 1970)",
        "cron(*/59 */23 1-31/2 */11 ? *)",
        "cron(0 0 ? * sun,sat *)",
        "cron(0 0 ? * L *)",
        "cron(0 0 ? * FRIL *)",
        "cron(0 0 ? * MON#5 *)",
        "cron(0 0 1W * ? *)",
        "cron(0 0 ? * 1-7 *)",
        // accepted by AWS PutRule (LocalStack's AWS-validated test_events_schedule.py)
        "cron(0 2 ? * SAT *)",
        "cron(5,35 14 * * ? *)",
        "cron(15 10 ? * 6L 2002-2005)",
        "cron(0 2 ? * SAT#3 *)",
        "cron(* * ? * SAT#3 *)",
        "cron(0/5 5 ? JAN 1-5 2022)",
        "cron(0/30 20-23 ? * MON-FRI *)",
        "cron(0/30 0-2 ? * MON-FRI *)",
        // accepted by AWS (localstack/localstack#13572)
        "cron(0-15/1 8-8 ? * 2,3,4,5,6,7 *)",
        "cron(30-30 13-13 ? * 2,4,6 *)",
        "cron(1-31/30 1-1 ? * 1,7 *)"
      })
  void acceptsAwsDocumentedCronExpressions(String text) {
    ScheduleExpression parsed = ScheduleExpressions.parse(text);
    assertThat(parsed).isInstanceOf(ScheduleExpression.Cron.class);
    assertThat(parsed.expression()).isEqualTo(text);
  }

  @Test
  void parsesCronFieldsIntoValues() {
    ScheduleExpression.Cron cron =
        (ScheduleExpression.Cron)
            ScheduleExpressions.parse("cron(0/15 8-10,20 ? JAN-MAR MON-FRI *)");
    assertThat(cron.minutes().values()).containsExactly(0, 15, 30, 45);
    assertThat(cron.hours().values()).containsExactly(8, 9, 10, 20);
    assertThat(cron.dayOfMonth()).isEqualTo(new DayOfMonthRule.Unspecified());
    assertThat(cron.months().values()).containsExactly(1, 2, 3);
    assertThat(cron.dayOfWeek())
        .isEqualTo(new DayOfWeekRule.Days(new CronField(List.of(2, 3, 4, 5, 6))));
    assertThat(cron.years().values()).hasSize(230).startsWith(1970).endsWith(2199);
  }

  @Test
  void rangeWithIncrementStopsAtTheRangeEnd() {
    ScheduleExpression.Cron cron =
        (ScheduleExpression.Cron) ScheduleExpressions.parse("cron(1-31/30 1-1 ? * 1,7 *)");
    assertThat(cron.minutes().values()).containsExactly(1, 31);
    assertThat(
            ((ScheduleExpression.Cron) ScheduleExpressions.parse("cron(5/20 * * * ? *)"))
                .minutes()
                .values())
        .containsExactly(5, 25, 45);
  }

  @Test
  void parsesSpecialDayRules() {
    assertThat(
            ((ScheduleExpression.Cron) ScheduleExpressions.parse("cron(0 0 L * ? *)")).dayOfMonth())
        .isEqualTo(new DayOfMonthRule.LastDay());
    assertThat(
            ((ScheduleExpression.Cron) ScheduleExpressions.parse("cron(0 0 15W * ? *)"))
                .dayOfMonth())
        .isEqualTo(new DayOfMonthRule.NearestWeekday(15));
    assertThat(
            ((ScheduleExpression.Cron) ScheduleExpressions.parse("cron(0 0 ? * 6L *)")).dayOfWeek())
        .isEqualTo(new DayOfWeekRule.Last(6));
    assertThat(
            ((ScheduleExpression.Cron) ScheduleExpressions.parse("cron(0 9 ? * 2#1 *)"))
                .dayOfWeek())
        .isEqualTo(new DayOfWeekRule.Nth(2, 1));
    assertThat(
            ((ScheduleExpression.Cron) ScheduleExpressions.parse("cron(0 9 ? * TUE#3 *)"))
                .dayOfWeek())
        .isEqualTo(new DayOfWeekRule.Nth(3, 3));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "cron(0 10 * * *)",
        "cron(0 10 * * ? * *)",
        "cron()",
        "cron(0 10 * * * *)",
        "cron(0 10 ? * ? *)",
        "cron(0 10 1 * MON *)",
        "cron(60 10 * * ? *)",
        "cron(0 24 * * ? *)",
        "cron(0 0 0 * ? *)",
        "cron(0 0 32 * ? *)",
        "cron(0 0 1 13 ? *)",
        "cron(0 0 1 0 ? *)",
        "cron(0 0 ? * 0 *)",
        "cron(0 0 ? * 8 *)",
        "cron(0 0 1 * ? 1969)",
        "cron(0 0 1 * ? 2200)",
        "cron(*/60 * * * ? *)",
        "cron(0/0 * * * ? *)",
        "cron(0 0 ? * 2#6 *)",
        "cron(0 0 ? * 2#0 *)",
        "cron(0 0 ? * 8L *)",
        "cron(0 0 32W * ? *)",
        "cron(0 0 W * ? *)",
        "cron(0 0 1,,2 * ? *)",
        "cron(0 0 1, * ? *)",
        "cron(5-1 * * * ? *)",
        "cron(a * * * ? *)",
        "cron(0 0 1 FOO ? *)",
        "cron(0 0 ? * FUNDAY *)",
        "cron(0 0 1 * ? L)",
        "cron(0 L * * ? *)",
        "cron(0 0 1 * ? *",
        "cron 0 0 1 * ? *",
        // rejected by AWS PutRule (LocalStack's AWS-validated test_events_schedule.py)
        "cron(0 1 * * * *)",
        "cron(7 20 * * NOT *)",
        "cron(INVALID)",
        "cron(0 dummy ? * MON-FRI *)",
        "cron(71 8 1 * ? *)"
      })
  void rejectsInvalidCronExpressions(String text) {
    assertThatThrownBy(() -> ScheduleExpressions.parse(text))
        .isInstanceOf(InvalidScheduleExpressionException.class);
  }

  @Test
  void namesTheCronProblem() {
    assertThatThrownBy(() -> ScheduleExpressions.parse("cron(0 10 * * *)"))
        .hasMessage("cron expression needs 6 fields, found 5");
    assertThatThrownBy(() -> ScheduleExpressions.parse("cron(0 10 * * * *)"))
        .hasMessage("exactly one of day-of-month and day-of-week must be ?");
    assertThatThrownBy(() -> ScheduleExpressions.parse("cron(60 10 * * ? *)"))
        .hasMessage("minutes value 60 is outside 0-59");
    assertThatThrownBy(() -> ScheduleExpressions.parse("cron(0 0 1 * ? 2200)"))
        .hasMessage("year value 2200 is outside 1970-2199");
    assertThatThrownBy(() -> ScheduleExpressions.parse("cron(*/60 * * * ? *)"))
        .hasMessage("minutes increment is out of range: */60");
  }

  @Test
  void parsesAtExpressions() {
    assertThat(ScheduleExpressions.parse("at(2026-12-01T11:30:00)"))
        .isEqualTo(new ScheduleExpression.At(LocalDateTime.of(2026, 12, 1, 11, 30)));
    assertThat(ScheduleExpressions.parse("at(2028-02-29T23:59:59)").expression())
        .isEqualTo("at(2028-02-29T23:59:59)");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "at(2026-12-01T11:30)",
        "at(2026-12-01 11:30:00)",
        "at(2026-02-29T00:00:00)",
        "at(2026-13-01T00:00:00)",
        "at(2026-12-01T24:00:00)",
        "at(2026-12-01T11:30:00Z)",
        "at()"
      })
  void rejectsInvalidAtExpressions(String text) {
    assertThatThrownBy(() -> ScheduleExpressions.parse(text))
        .isInstanceOf(InvalidScheduleExpressionException.class)
        .hasMessage("at expression must be at(yyyy-mm-ddThh:mm:ss) with a valid date and time");
  }
}

package dev.docket.benchmarks.raw;

import static org.assertj.core.api.Assertions.assertThat;

import dev.docket.states.asl.Definitions;
import dev.docket.states.asl.State;
import dev.docket.states.asl.StateMachineDefinition;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepFunctionsTest {

  @Test
  void theDefinitionIsValidForBothTypes() {
    assertThat(Definitions.validate(StepFunctions.definition(), false))
        .noneMatch(d -> d.severity().equals("ERROR"));
    assertThat(Definitions.validate(StepFunctions.definition(), true))
        .noneMatch(d -> d.severity().equals("ERROR"));
  }

  @Test
  void anExecutionEntersTenPassStatesAndOneChoiceWhicheverWayTheChoiceGoes() {
    StateMachineDefinition definition = Definitions.parse(StepFunctions.definition());
    List<String> entered = new ArrayList<>();
    String name = definition.startAt();
    while (name != null) {
      State state = definition.state(name);
      entered.add(state.common().type());
      if (state instanceof State.ChoiceState choice) {
        assertThat(choice.choices()).hasSize(1);
        assertThat(choice.choices().get(0).next()).isEqualTo(choice.defaultState());
        name = choice.defaultState();
      } else {
        name = state.common().end() ? null : state.common().next();
      }
    }
    assertThat(entered).hasSize(StepFunctions.TRANSITIONS);
    assertThat(entered.stream().filter("Pass"::equals)).hasSize(10);
    assertThat(entered.stream().filter("Choice"::equals)).hasSize(1);
  }
}

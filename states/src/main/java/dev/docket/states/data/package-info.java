/**
 * Data flow of the States Language, without engine knowledge: JSONPath paths ({@link
 * dev.docket.states.data.JsonPathMode}: InputPath, Parameters and other payload templates,
 * ResultPath, OutputPath, Assign, path fields and Choice rules), the 18 intrinsic functions ({@link
 * dev.docket.states.data.Intrinsics}) and JSONata expressions ({@link
 * dev.docket.states.data.JsonataMode}).
 *
 * <p>Every failure is a {@link dev.docket.states.data.StatesFailure} carrying AWS's error name and,
 * where known, AWS's cause text. For {@code States.Runtime} and {@code States.QueryEvaluationError}
 * AWS prefixes the cause with "An error occurred while executing the state 'NAME' (entered at the
 * event id #N). ": the engine adds that prefix, this package does not. Values returned may share
 * nodes with the values passed in; nothing here mutates a node it was given, and callers must not
 * mutate what they get back.
 */
package dev.docket.states.data;

/**
 * Data flow of the States Language, without engine knowledge: JSONPath paths ({@link
 * dev.docket.states.data.JsonPathMode}: InputPath, Parameters and other payload templates,
 * ResultPath, OutputPath, Assign, Choice rules), the 18 intrinsic functions ({@link
 * dev.docket.states.data.Intrinsics}) and JSONata expressions ({@link
 * dev.docket.states.data.JsonataMode}). Every failure is a {@link
 * dev.docket.states.data.StatesFailure} carrying AWS's error name and, where known, AWS's cause
 * text (without the engine's "An error occurred while executing the state ..." prefix).
 */
package dev.docket.states.data;

/** Bad input from the user (a missing module, an unknown function, invalid JSON…): one line, exit 2. */
export class StepwiseInputError extends Error {
  override name = "StepwiseInputError";
}

// Every rule, in the order their findings are listed for one line.
import type { Rule } from "../rule";
import { duplicateStepId } from "./duplicate-step-id";
import { inngestSendInFunction } from "./inngest-send-in-function";
import { mutationInStep } from "./mutation-in-step";
import { nestedStep } from "./nested-step";
import { nondeterminismOutsideStep } from "./nondeterminism-outside-step";
import { nondeterministicStepId } from "./nondeterministic-step-id";
import { promiseRaceWithoutGroup } from "./promise-race-without-group";
import { sideEffectOutsideStep } from "./side-effect-outside-step";
import { stepCountLimit } from "./step-count-limit";
import { stepOutputSize } from "./step-output-size";
import { unawaitedSend } from "./unawaited-send";
import { unawaitedStep } from "./unawaited-step";

export const allRules: readonly Rule[] = [
  unawaitedStep,
  nondeterministicStepId,
  nondeterminismOutsideStep,
  sideEffectOutsideStep,
  nestedStep,
  mutationInStep,
  duplicateStepId,
  unawaitedSend,
  inngestSendInFunction,
  promiseRaceWithoutGroup,
  stepCountLimit,
  stepOutputSize,
];

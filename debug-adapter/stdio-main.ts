// `node --import tsx debug-adapter/stdio-main.ts`: the stdio adapter from a source checkout (tests).
import { runDebugAdapterOverStdio } from "./stdio";
runDebugAdapterOverStdio();

// A module that exports no Inngest function: `stepwise run` must say so in one line.
export const notAFunction = { id: "nope" };

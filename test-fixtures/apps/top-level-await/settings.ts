export const settings = await Promise.resolve({ region: "eu-west-1" });

export interface Config {
  appId: string;
  greeting: string;
}

export const defaults: Config = { appId: "tla-app", greeting: "hi" };

// Realistic (issue #11): steps that return whole files or whole tables instead of a reference.
import { Inngest } from "inngest";
import { readFile } from "node:fs/promises";
import { S3Client, GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import { MongoClient } from "mongodb";
import { parseCsv } from "./services/csv";

const inngest = new Inngest({ id: "exports" });
const s3 = new S3Client({});
const mongo = new MongoClient(process.env.MONGO_URL ?? "");

export const importCsv = inngest.createFunction(
  { id: "import-csv", triggers: [{ event: "imports/csv.uploaded" }] },
  async ({ event, step }) => {
    const csv = await step.run("read-upload", () => readFile(`/uploads/${event.data.fileName}`, "utf8")); // expect: step-output-size
    const rows = parseCsv(csv);
    await step.run("store-count", async () => rows.length);
  },
);

export const importFromS3 = inngest.createFunction(
  { id: "import-from-s3", triggers: [{ event: "imports/s3.uploaded" }] },
  async ({ event, step }) => {
    const body = await step.run("download", async () => { // expect: step-output-size
      const object = await s3.send(new GetObjectCommand({ Bucket: event.data.bucket, Key: event.data.key }));
      return object.Body!.transformToString();
    });
    await step.run("summarize", async () => ({ bytes: body.length }));
  },
);

export const importByReference = inngest.createFunction(
  { id: "import-by-reference", triggers: [{ event: "imports/s3.staged" }] },
  async ({ event, step }) => {
    // Correct: the steps pass the object's key along, never its content.
    const key = await step.run("stage", async () => {
      await s3.send(new PutObjectCommand({ Bucket: "staging", Key: event.data.key, Body: "" }));
      return `staging/${event.data.key}`;
    });
    const count = await step.run("count-rows", async () => {
      const object = await s3.send(new GetObjectCommand({ Bucket: "staging", Key: key }));
      const text = await object.Body!.transformToString();
      return text.split("\n").length;
    });
    return { key, count };
  },
);

export const exportEvents = inngest.createFunction(
  { id: "export-events", triggers: [{ event: "exports/events.requested" }] },
  async ({ step }) => {
    const events = await step.run("load-events", () => mongo.db("app").collection("events").find({}).toArray()); // expect: step-output-size
    await step.run("write-export", async () => ({ exported: events.length }));
  },
);

export const exportRecent = inngest.createFunction(
  { id: "export-recent", triggers: [{ event: "exports/recent.requested" }] },
  async ({ event, step }) => {
    const recent = await step.run("load-recent", () => mongo.db("app").collection("events").find({ accountId: event.data.accountId }).limit(500).toArray());
    return { count: recent.length };
  },
);

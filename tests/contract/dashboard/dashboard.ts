// A small dashboard written as a frontend team would, against the client generated from
// /openapi.json: no cast, no `any`. `tsc --strict` must accept it (tests/contract/test_typescript.py).
import createClient from "openapi-fetch";
import type { components, paths } from "./lantai";

type Status = components["schemas"]["Status"];
type Item = components["schemas"]["ArchiveCompliance"];

// No media type spelled out: GET /compliance answers JSON alone, CSV and XLSX are operations of their own.
const lantai = createClient<paths>({
  baseUrl: "http://127.0.0.1:8000",
  headers: { Authorization: "Bearer lantai_token" },
});

export async function countyArchives(): Promise<string[]> {
  const { data, error } = await lantai.GET("/api/v1/archives", {
    params: { query: { level: "county", limit: 50, offset: 0 } },
  });
  if (error) throw new Error(`${error.error}: ${error.detail}`);
  return data.items.map((archive) => `${archive.code} ${archive.name} (${archive.level})`);
}

export async function behindSchedule(page: number): Promise<{ items: Item[]; offTrack: number; total: number }> {
  const wanted: Status[] = ["off_track", "missed"];
  const { data, error } = await lantai.GET("/api/v1/compliance", {
    params: { query: { plan: "FYP14", year: 2024, status: wanted, limit: 20, offset: page * 20 } },
  });
  if (error) throw new Error(error.detail);
  const counts = data.summary.counts;
  return { items: data.items, offTrack: counts.off_track + counts.missed, total: data.total };
}

export async function archiveSeries(code: string): Promise<Array<[number, number | null]>> {
  const { data, error } = await lantai.GET("/api/v1/archives/{code}/compliance", {
    params: { path: { code }, query: { plan: "FYP14" } },
  });
  if (error) throw new Error(error.detail);
  const status: Status | null = data.status; // null when no target of the plan applies
  console.log(`${data.archive_code}: ${status ?? "no target"}, rate basis ${data.series_basis}`);
  return data.series.map((point) => [point.year, point.rate_pct ?? null]);
}

export async function provinceRollup(): Promise<string> {
  const { data, error } = await lantai.GET("/api/v1/archives/{code}/rollup", {
    params: { path: { code: "HN" }, query: { plan: "FYP14", year: 2024 } },
  });
  if (error) throw new Error(error.detail);
  return `${data.archive_code}: ${data.aggregate_rate_pct}% over ${data.archives} archives`;
}

export async function provinceTrend(): Promise<Array<[number, number | null]>> {
  const { data, error } = await lantai.GET("/api/v1/archives/{code}/rollup", {
    params: { path: { code: "HN" }, query: { plan: "FYP14", years: "2021-2025" } },
  });
  if (error) throw new Error(error.detail);
  return (data.series ?? []).map((entry) => [entry.year, entry.aggregate_rate_pct ?? null]);
}

export async function correctReport(code: string, year: number, etag: string): Promise<number> {
  const { data, error, response } = await lantai.PUT("/api/v1/archives/{code}/reports/{year}", {
    params: { path: { code, year }, header: { "if-match": etag } },
    body: { holdings_volumes: 82000, digitized_volumes: 51000 },
  });
  if (error) throw new Error(`${response.status} ${error.error}`);
  return data.revision;
}

export async function complianceSheet(province: string): Promise<string> {
  const { data, error } = await lantai.GET("/api/v1/compliance.csv", {
    params: { query: { plan: "FYP14", under: province } },
    parseAs: "text",
  });
  if (error) throw new Error(error.detail);
  return data;
}

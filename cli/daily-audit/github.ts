// The few GitHub REST calls the daily audit makes (list open issues, create, update, comment, close), with the
// token the workflow gives it. Every call is bounded in time; a failure says which call and what GitHub answered.

export const LABEL = "launch-audit";
const TIMEOUT_MS = 30_000;

export interface GitHubRepo {
  /** https://api.github.com, or the GITHUB_API_URL of a GitHub Enterprise server. */
  api: string;
  /** owner/name */
  repo: string;
  token: string;
}

export interface Issue {
  number: number;
  title: string;
}

async function call<T>(gh: GitHubRepo, method: string, path: string, body?: unknown): Promise<T> {
  const url = `${gh.api.replace(/\/$/, "")}/repos/${gh.repo}${path}`;
  const init: RequestInit = {
    method,
    headers: {
      authorization: `Bearer ${gh.token}`,
      accept: "application/vnd.github+json",
      "x-github-api-version": "2022-11-28",
      "user-agent": "launch-ready-daily-audit",
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    signal: AbortSignal.timeout(TIMEOUT_MS),
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new Error(`GitHub ${method} ${path} answered ${response.status}: ${text.slice(0, 300)}`);
  return (text === "" ? undefined : JSON.parse(text)) as T;
}

/** The open issue with exactly this title and the audit's label (pull requests are issues to the API: left out). */
export async function findOpenIssue(gh: GitHubRepo, title: string): Promise<Issue | undefined> {
  const open = await call<Array<Issue & { pull_request?: unknown }>>(gh, "GET", `/issues?state=open&labels=${LABEL}&per_page=100`);
  return open.find((i) => i.title === title && i.pull_request === undefined);
}

export const createIssue = (gh: GitHubRepo, title: string, body: string) => call<Issue>(gh, "POST", "/issues", { title, body, labels: [LABEL] });

export const updateIssue = (gh: GitHubRepo, issue: number, body: string) => call<Issue>(gh, "PATCH", `/issues/${issue}`, { body });

export async function closeIssue(gh: GitHubRepo, issue: number, comment: string): Promise<void> {
  await call(gh, "POST", `/issues/${issue}/comments`, { body: comment });
  await call(gh, "PATCH", `/issues/${issue}`, { state: "closed", state_reason: "completed" });
}

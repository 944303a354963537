/** Small Markdown writers for the launch documents (GitHub-flavoured: tables, code spans, Mermaid blocks). */

/** Inline code that survives backticks in the text. */
export function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** A table cell: one line, with the pipe escaped (GitHub honours `\|` inside code spans in tables too). */
function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(cell).join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

/**
 * A Mermaid node or edge label: the lines in double quotes, joined by <br/>. Quotes and angle brackets in the text
 * become the entities Mermaid reads (#quot; #lt; #gt;), so no text can end the label or inject markup.
 */
export function mermaidLabel(...lines: string[]): string {
  const escape = (text: string) => text.replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
  return `"${lines.map(escape).join("<br/>")}"`;
}

/** Sections joined by blank lines, with one final newline. */
export function page(sections: readonly string[]): string {
  return `${sections.filter((s) => s !== "").join("\n\n")}\n`;
}

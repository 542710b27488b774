package org.tbptt4j.report;

/** The page's style sheet, inline so the page needs nothing but itself. System fonts only. */
final class Css {

    static final String STYLE = """
            :root { --ink: #1f2933; --muted: #52606d; --line: #e4e7eb; --accent: #2563eb; --soft: #eff6ff;
                    --warn: #b91c1c; --tie: #92400e; --tie-bg: #fef3c7; }
            * { box-sizing: border-box; }
            body { margin: 0; background: #f8fafc; color: var(--ink);
                   font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; }
            main { max-width: 1080px; margin: 0 auto; padding: 24px 28px 40px; background: #fff;
                   box-shadow: 0 0 0 1px var(--line); }
            header h1 { margin: 0 0 4px; font-size: 26px; }
            header .sub { margin: 0; color: var(--muted); }
            .callout { margin: 16px 0 0; padding: 10px 14px; background: var(--soft); border-left: 4px solid var(--accent); }
            nav { margin: 14px 0 0; font-size: 14px; }
            nav a { color: var(--accent); margin-right: 14px; text-decoration: none; }
            section { margin-top: 32px; }
            h2 { font-size: 20px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
            h3 { font-size: 16px; margin: 18px 0 6px; }
            dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0 0 12px; }
            dl.facts dt { color: var(--muted); }
            dl.facts dd { margin: 0; overflow-wrap: anywhere; }
            figure { margin: 12px 0; }
            figure img { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); }
            figcaption { color: var(--muted); font-size: 13px; margin-top: 4px; }
            .grid3 { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px; }
            .note { color: var(--muted); font-style: italic; }
            table { border-collapse: collapse; width: 100%; font-size: 14px; }
            th, td { padding: 6px 8px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
            th { background: #f1f5f9; font-weight: 600; }
            td.label, th.label { text-align: left; white-space: normal; }
            tr.best td { background: var(--soft); }
            tr.baseline td { background: #f8fafc; color: #475569; font-style: italic; }
            .tie { display: inline-block; margin-left: 4px; padding: 0 6px; border-radius: 8px; font-size: 12px;
                   background: var(--tie-bg); color: var(--tie); font-weight: 600; }
            .bad { color: var(--warn); font-weight: 600; }
            code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; }
            pre { background: #0f172a; color: #e2e8f0; padding: 12px 14px; border-radius: 6px;
                  white-space: pre-wrap; overflow-wrap: anywhere; }
            ul.lags li { margin: 2px 0; }
            footer { margin-top: 36px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted);
                     font-size: 13px; }
            """;

    private Css() {
    }
}

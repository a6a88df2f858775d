// The auditor serve page. Plain JavaScript, no build step: it talks to the
// server's /api routes on the same origin and renders what they answer.
// Text from the server is always set with textContent, never as HTML.
"use strict";

(function () {
  const T = JSON.parse(document.body.dataset.texts);
  const ROLES = JSON.parse(document.body.dataset.roles);
  const LANG = document.body.dataset.lang;
  const $ = (id) => document.getElementById(id);
  const SEVS = ["critical", "high", "medium", "low", "info"];

  // fill renders a message as the catalogue does (catalog.T): {name} is
  // the value, integers with thousands separators; {name|one|many} is the
  // value and the English noun that agrees with it.
  function fill(s, args) {
    const val = (v) => (Number.isInteger(v) ? v.toLocaleString("en-US") : String(v));
    return s
      .replace(/\{([a-z_]+)\|([^{}|]*)\|([^{}|]*)\}/g, (m, k, one, many) =>
        k in args ? val(args[k]) + " " + (args[k] === 1 ? one : many) : m)
      .replace(/\{([a-z_]+)\}/g, (m, k) => (k in args ? val(args[k]) : m));
  }
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k === "text") e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const k of kids) if (k != null) e.append(k);
    return e;
  }
  function num(n) { return Number(n).toLocaleString(LANG === "zh" ? "zh-CN" : "en-US"); }
  // Sizes as a file manager shows them: 0 B, 512 B, 3 KB, 1.5 MB, 1 GB.
  function size(n) {
    const one = (v, unit) => (Number.isInteger(v) ? v : v.toFixed(1)) + " " + unit;
    if (n >= 1 << 30) return one(Math.round(n / (1 << 30) * 10) / 10, "GB");
    if (n >= 1 << 20) return one(Math.round(n / (1 << 20) * 10) / 10, "MB");
    if (n >= 1024) return Math.round(n / 1024) + " KB";
    return n + " B";
  }
  function sevBadge(sev, label) { return el("span", { class: "sev " + sev + "-bg", text: label || sev }); }

  async function api(method, path, body) {
    const opt = { method, headers: {} };
    if (body !== undefined) {
      opt.headers["Content-Type"] = "application/json";
      opt.body = JSON.stringify(body);
    }
    const r = await fetch(path, opt);
    let data = null;
    try { data = await r.json(); } catch (e) { data = { error: r.status + " " + r.statusText }; }
    if (!r.ok) throw new Error((data && data.error) || r.statusText);
    return data;
  }

  function showError(id, msg) {
    const e = $(id);
    e.textContent = msg || "";
    e.hidden = !msg;
  }

  // ---- files ----
  let state = null;
  let shownRun = 0;    // the run whose result is on the page, 0 for none
  let polling = false; // this tab follows a run
  function renderFiles(st) {
    state = st;
    checkStale(st);
    $("limits").textContent = fill(T.limits, { files: st.limit.files, size: size(st.limit.file_bytes) });
    if (!$("as-of").value) $("as-of").value = st.today;
    const tb = $("files").tBodies[0];
    tb.replaceChildren();
    let hasProfile = false;
    for (const f of st.files) {
      if (f.role === "profile") hasProfile = true;
      const sel = el("select", { "data-id": f.id, class: "role", "aria-label": T.col_role });
      for (const r of ROLES) {
        const o = el("option", { value: r, text: T["role_" + r] });
        if (r === f.role) o.selected = true;
        sel.append(o);
      }
      sel.disabled = st.busy;
      sel.addEventListener("change", async () => {
        hideResult();
        try { renderFiles(await api("POST", "/api/files/" + f.id + "/role", { role: sel.value })); showError("files-error", ""); }
        catch (e) { showError("files-error", e.message); }
      });
      const read = el("td");
      if (f.error) read.append(el("span", { class: "error", text: f.error }));
      else if (!f.detected) read.append(el("span", { class: "muted", text: T.not_recognised }));
      else {
        let where = f.format.toUpperCase();
        if (f.sheet) where += " · " + T.sheet + " " + f.sheet;
        if (f.header_row) where += " · " + fill(T.header_at, { row: f.header_row });
        read.append(el("div", { text: T["role_" + f.detected] + " · " + where }));
        if (f.columns.length) read.append(el("div", { class: "cols", text: f.columns.join(", ") }));
      }
      const rm = el("button", { type: "button", class: "secondary", text: T.remove });
      rm.disabled = st.busy;
      rm.addEventListener("click", async () => {
        hideResult();
        try { renderFiles(await api("POST", "/api/files/" + f.id + "/delete")); } catch (e) { showError("files-error", e.message); }
      });
      tb.append(el("tr", { "data-role": f.role },
        el("td", {}, el("div", { text: f.name }), el("div", { class: "cols", text: size(f.size) })),
        el("td", {}, sel), read, el("td", {}, rm)));
    }
    $("no-files").hidden = st.files.length > 0;
    $("profile-form").disabled = hasProfile;
    $("run").disabled = st.busy || st.files.length === 0;
    $("reset").disabled = st.busy || st.files.length === 0;
  }

  function upload(files) {
    if (!files.length) return;
    const fd = new FormData();
    for (const f of files) fd.append("file", f, f.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/files");
    $("upload-progress").hidden = false;
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) $("upload-bar").value = e.loaded / e.total; };
    xhr.onloadend = () => {
      $("upload-progress").hidden = true;
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = { error: xhr.status + " " + xhr.statusText }; }
      if (xhr.status >= 200 && xhr.status < 300) { showError("files-error", ""); hideResult(); renderFiles(data); }
      else showError("files-error", (data && data.error) || String(xhr.status));
    };
    xhr.send(fd);
  }

  const drop = $("drop");
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); upload(e.dataTransfer.files); });
  $("file-input").addEventListener("change", (e) => { upload(e.target.files); e.target.value = ""; });
  $("reset").addEventListener("click", async () => {
    hideResult();
    try { renderFiles(await api("POST", "/api/reset")); } catch (e) { showError("files-error", e.message); }
  });

  // ---- run ----
  function hideResult() { $("result").hidden = true; shownRun = 0; $("stale").hidden = true; }

  // A result on the page that the server no longer has (another tab or
  // window changed the files or ran again) is marked stale: its downloads
  // are taken away and the page offers to refresh.
  function checkStale(st) {
    if (!shownRun) return;
    const same = st.run && st.run.id === shownRun && st.run.stage === "done";
    if (same) return;
    $("stale").hidden = false;
    $("result").classList.add("stale");
    for (const a of document.querySelectorAll("#downloads a")) { a.removeAttribute("href"); a.setAttribute("aria-disabled", "true"); }
  }
  $("refresh").addEventListener("click", () => location.reload());
  // Other tabs are noticed within seconds while this one is visible.
  async function watch() {
    if (!polling && document.visibilityState === "visible" && state) {
      try {
        const st = await api("GET", "/api/state");
        // A run another tab started: follow it here too (progress, Cancel).
        if (st.busy) { poll(); setTimeout(watch, 2000); return; }
        if (st.gen !== state.gen || st.busy !== state.busy || (st.run && st.run.id) !== (state.run && state.run.id)) renderFiles(st);
        else checkStale(st);
      } catch (e) { /* the server stopped: the next action says so */ }
    }
    setTimeout(watch, 2000);
  }
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible" && state && !polling) api("GET", "/api/state").then(renderFiles, () => {}); });

  $("options").addEventListener("submit", async (e) => {
    e.preventDefault();
    const f = new FormData($("options"));
    const body = {
      as_of: f.get("as_of") || "", period: f.get("period") || "", lang: f.get("lang") || "auto",
      mask_pii: $("mask-pii").checked,
      company: f.get("company") || "", verified: f.get("verified") || "",
      daily_active_users: f.get("daily_active_users") || "", enterprise_cap: f.get("enterprise_cap") || "",
    };
    if ($("profile-form").disabled) { body.company = body.verified = body.daily_active_users = body.enterprise_cap = ""; }
    showError("run-error", "");
    hideResult();
    try {
      await api("POST", "/api/run", body);
      justRan = true;
      poll();
    } catch (err) { showError("run-error", err.message); }
  });
  let justRan = false;

  $("cancel").addEventListener("click", async () => {
    $("cancel").disabled = true;
    $("progress-text").textContent = T.cancelling;
    try { await api("POST", "/api/run/cancel"); } catch (e) { /* finished meanwhile: poll shows it */ }
  });

  async function poll() {
    polling = true;
    let st;
    try { st = await api("GET", "/api/state"); } catch (e) { polling = false; showError("run-error", e.message); return; }
    renderFiles(st);
    const ru = st.run;
    const pr = $("progress");
    if (!ru) { pr.hidden = true; polling = false; return; }
    if (ru.stage === "failed") {
      pr.hidden = true; polling = false;
      showError("run-error", T.stage_failed + ": " + ru.error);
      return;
    }
    if (ru.stage === "cancelled") {
      pr.hidden = true; polling = false;
      showError("run-error", T.stage_cancelled);
      return;
    }
    if (ru.stage === "done") { pr.hidden = true; polling = false; if (shownRun !== ru.id) loadResult(); return; }
    pr.hidden = false;
    $("cancel").disabled = false;
    const bar = $("progress-bar");
    if ($("progress-text").textContent === T.cancelling) { setTimeout(poll, 300); return; }
    if (ru.stage === "reading") {
      let t = T.stage_reading;
      if (ru.file) t += " " + ru.file + (ru.sheet ? " · " + ru.sheet : "") + " · " + num(ru.rows) + " " + T.rows;
      if (ru.frac >= 0) { bar.value = ru.frac; t += " · " + Math.round(ru.frac * 100) + "%"; } else bar.removeAttribute("value");
      $("progress-text").textContent = t;
    } else {
      bar.removeAttribute("value");
      $("progress-text").textContent = T["stage_" + ru.stage] || ru.stage;
    }
    setTimeout(poll, 300);
  }

  // ---- result ----
  let result = null;
  async function loadResult() {
    try { result = await api("GET", "/api/result"); } catch (e) { showError("run-error", e.message); return; }
    renderResult(result);
  }

  function renderResult(r) {
    $("result").hidden = false;
    $("result").classList.remove("stale");
    $("stale").hidden = true;
    shownRun = r.run;
    const v = $("verdict");
    v.className = "verdict " + r.level;
    v.dataset.level = r.level;
    $("verdict-text").textContent = r.verdict;
    $("verdict-meta").textContent = (r.company ? r.company + " · " : "") + fill(T.as_of_is, { date: r.as_of });
    const counts = $("counts");
    counts.replaceChildren();
    for (const c of r.counts) counts.append(el("div", { class: c.severity + "-bg" }, el("b", { text: String(c.count) }), c.label));

    const ids = $("leaver-ids");
    ids.replaceChildren();
    for (const l of r.leavers) ids.append(el("option", { value: l.userid, text: l.name }));
    leaverSort = { key: "urgency", dir: 1 };
    leaverPage = 0;
    $("leaver-search").value = "";
    renderLeavers();

    const fs = $("filter-sev"), fr = $("filter-rule");
    fs.replaceChildren(el("option", { value: "", text: T.all }));
    for (const c of r.counts) if (c.count > 0) fs.append(el("option", { value: c.severity, text: c.label + " (" + c.count + ")" }));
    fr.replaceChildren(el("option", { value: "", text: T.all }));
    for (const id of r.rules) fr.append(el("option", { value: id, text: id }));
    renderFindings();

    $("plan-summary").textContent = r.plan.summary;
    const pt = $("plan").tBodies[0];
    pt.replaceChildren();
    for (const h of r.plan.handovers) pt.append(el("tr", {}, el("td", { text: h.userid }), el("td", { text: h.departure || "—" }), el("td", { text: h.receiver || "—" }), el("td", { class: "num", text: h.count || "" })));
    const et = $("expansions").tBodies[0];
    et.replaceChildren();
    for (const x of r.plan.expansions) et.append(el("tr", {}, el("td", { text: x.what }), el("td", { text: num(x.from) + " → " + num(x.to) }), el("td", { text: x.eligible }), el("td", { text: x.for })));
    $("expansions").hidden = $("expansions-title").hidden = r.plan.expansions.length === 0;
    const ul = $("unplaceable");
    ul.replaceChildren();
    for (const u of r.plan.unplaceable) ul.append(el("li", { text: T.unplaceable + ": " + u }));

    renderCapacity(r.capacity);

    $("command").textContent = r.command.join("\n");
    const dl = $("downloads");
    dl.replaceChildren();
    for (const n of r.downloads) dl.append(el("li", {}, el("a", { href: "/download/" + encodeURIComponent(n) + "?run=" + r.run, download: n, "data-name": n, text: "⬇ " + n })));
    $("problems").textContent = fill(T.data_problems, { n: r.problems });
    $("validate").textContent = r.validate;
    if (justRan) {
      // The verdict is what the run was for: bring it into view.
      justRan = false;
      $("result").scrollIntoView({ block: "start" });
    }
  }

  // ---- the capacity forecast (issue 28): the JSON report's values, the
  // documents' words; unknown is said as unknown with its reason ----
  function flag(cls, text) { return el("span", { class: "flag " + cls, text }); }
  function capFlags(o) {
    if (!o.known) return [flag("unknown", T.cap_unknown)];
    const out = [];
    if (o.overdue) out.push(flag("overdue", T.cap_overdue));
    else if (o.due) out.push(flag("due", T.cap_due));
    return out;
  }
  function capActBy(o) {
    if (!o.known) return o.unknown_label;
    if (!o.act_by) return T.cap_not_within;
    return o.overdue ? T.cap_now : fill(T.cap_by, { date: o.act_by });
  }
  function renderCapacity(c) {
    const box = $("capacity");
    const parts = ["cap-enterprise", "cap-method", "cap-members-title", "cap-members", "cap-members-note", "cap-steps-box"];
    box.hidden = !c;
    for (const id of parts) $(id).hidden = !c;
    $("cap-cover").hidden = !c || c.cover.length === 0;
    if (!c) return;
    $("cap-cover").replaceChildren(...c.cover.map((t) => el("p", { text: t })));
    const e = c.enterprise;
    const rows = [[T.cap_load, e.load]];
    if (e.known) {
      rows.push([T.cap_pace, e.pace_label]);
      rows.push([T.cap_reach, e.reach_labels.length ? e.reach_labels.join("\n") : T.cap_not_within]);
      rows.push([T.cap_act_by, capActBy(e)]);
    } else {
      rows.push([T.cap_pace, e.unknown_label]);
    }
    const et = $("cap-enterprise").tBodies[0];
    et.replaceChildren();
    rows.forEach(([k, v], i) => {
      const td = el("td", { text: v });
      td.style.whiteSpace = "pre-line";
      if (i === rows.length - 1) for (const b of capFlags(e)) td.append(" ", b);
      et.append(el("tr", {}, el("th", { scope: "row", text: k }), td));
    });
    let method = fill(T.cap_method, { method: c.method, days: c.lead_days });
    if (c.campaigns.length) method += " " + fill(T.cap_campaigns, { campaigns: c.campaigns.join(", ") });
    $("cap-method").textContent = method;
    // Receivers of planned handovers first (all of them), then the others
    // who may fill up within 90 days.
    const seen = new Set(), list = [];
    for (const m of c.receivers.concat(c.members)) if (!seen.has(m.userid)) { seen.add(m.userid); list.push(m); }
    const mt = $("cap-members").tBodies[0];
    mt.replaceChildren();
    for (const m of list) {
      const who = el("td", { text: m.name ? m.name + " (" + m.userid + ")" : m.userid });
      if (m.receiver) who.append(" ", flag("receiver", T.cap_receiver));
      const act = el("td", { text: !m.known ? "" : m.at_member_max ? T.cap_at_max : capActBy(m) });
      for (const b of capFlags(m)) act.append(" ", b);
      mt.append(el("tr", { "data-userid": m.userid }, who, el("td", { class: "num", text: m.load }),
        el("td", { class: "num", text: m.incoming ? "+" + num(m.incoming) : "" }),
        el("td", { text: m.known ? m.pace_label : T.cap_unknown }),
        el("td", { text: m.known ? (m.reach_labels[0] || T.cap_not_within) : m.unknown_reason }), act));
    }
    $("cap-members").hidden = list.length === 0;
    let note = list.length === 0 ? T.cap_no_members : "";
    if (c.members_unknown > 0) note += (note ? " " : "") + fill(T.cap_members_unknown, { n: c.members_unknown });
    $("cap-members-note").textContent = note;
    const steps = $("cap-steps");
    steps.replaceChildren(...c.steps.map((t) => el("li", { text: t })));
  }

  // ---- the leaver table: most urgent first (the server's order), then as
  // sorted by a column heading; searched; paged past PAGE_ALL rows ----
  const PAGE_ALL = 300, PAGE = 100;
  let leaverSort = { key: "urgency", dir: 1 }, leaverPage = 0;
  const SORTS = {
    urgency: (a, b) => a.i - b.i,
    member: (a, b) => (a.l.name || a.l.userid).localeCompare(b.l.name || b.l.userid, LANG === "zh" ? "zh-CN" : "en") || a.i - b.i,
    handover: (a, b) => a.l.handover.localeCompare(b.l.handover) || a.i - b.i,
    dates: (a, b) => (a.l.departure || "9999").localeCompare(b.l.departure || "9999") || a.i - b.i,
    customers: (a, b) => a.l.customers - b.l.customers || a.i - b.i,
    failed: (a, b) => a.l.failed.length - b.l.failed.length || a.i - b.i,
  };
  function leaverMatches(l, q) {
    if (!q) return true;
    const hay = [l.userid, l.name, l.status, l.handover_label, l.receivers.join(" "), l.next_action, l.gate_label].join(" ").toLowerCase();
    return q.split(/\s+/).every((w) => hay.includes(w));
  }
  function renderLeavers() {
    const q = $("leaver-search").value.trim().toLowerCase();
    const rows = result.leavers.map((l, i) => ({ l, i })).filter((x) => leaverMatches(x.l, q));
    const cmp = SORTS[leaverSort.key];
    rows.sort((a, b) => leaverSort.dir * cmp(a, b));
    for (const th of document.querySelectorAll("#actions th[data-sort]")) {
      const k = th.dataset.sort;
      th.setAttribute("aria-sort", k === leaverSort.key ? (leaverSort.dir > 0 ? "ascending" : "descending") : "none");
    }
    const paged = result.leavers.length > PAGE_ALL;
    const pages = paged ? Math.max(1, Math.ceil(rows.length / PAGE)) : 1;
    leaverPage = Math.min(leaverPage, pages - 1);
    const shown = paged ? rows.slice(leaverPage * PAGE, (leaverPage + 1) * PAGE) : rows;
    const at = $("actions").tBodies[0];
    at.replaceChildren();
    for (const { l } of shown) at.append(leaverRow(l));
    $("leavers-count").textContent = fill(T.leavers_shown, { shown: rows.length, total: result.leavers.length });
    $("leaver-pages").hidden = !paged;
    $("page-text").textContent = fill(T.page_of, { page: leaverPage + 1, pages: pages });
    $("page-prev").disabled = leaverPage === 0;
    $("page-next").disabled = leaverPage >= pages - 1;
  }
  function leaverRow(l) {
    const failed = el("td");
    if (!l.failed.length) failed.append(el("span", { class: "ok", text: "✓ " + T.all_ok }));
    for (const c of l.failed) {
      const b = c.state === "unknown" ? el("span", { class: "sev unknown-bg", text: "? " + c.rule }) : sevBadge(c.severity, c.rule);
      b.title = c.title;
      failed.append(b, " ");
    }
    let limit = l.limit || "—";
    if (l.days !== null && l.days !== undefined) limit += " (" + fill(T.days_left, { days: l.days }) + ")";
    const actBy = el("td", {});
    if (l.flag) actBy.append(el("span", { class: "flag " + l.flag, text: T["flag_" + l.flag] }), " ");
    actBy.append(el("span", { text: l.act_by }));
    const hv = el("span", { class: "state " + l.handover, text: l.handover_label });
    const btn = el("button", { type: "button", class: "secondary", text: T.check_btn });
    btn.addEventListener("click", () => { $("check-member").value = l.userid; runCheck(); });
    return el("tr", { "data-userid": l.userid, "data-worst": l.worst || "none", "data-flag": l.flag || "none" },
      el("td", {}, el("div", { text: l.name || l.userid }), el("div", { class: "cols", text: l.userid })),
      el("td", {}, hv, el("div", { class: "cols", text: l.status })), actBy,
      el("td", {}, el("div", { text: l.departure || "—" }), el("div", { class: "cols", text: "→ " + limit })),
      el("td", { class: "num" }, el("div", { text: num(l.customers) }), el("div", { class: "cols", text: l.external + " · " + l.groups })),
      el("td", { text: l.receivers.join("; ") || "—" }),
      failed, el("td", {}, el("span", { class: "gate " + l.gate, title: l.gate_why, text: l.gate_label }),
        el("div", { class: "cols", text: l.lost }), el("div", { text: l.next_action || "" })), el("td", {}, btn));
  }
  for (const th of document.querySelectorAll("#actions th[data-sort]")) {
    const go = () => {
      const k = th.dataset.sort;
      leaverSort = leaverSort.key === k ? { key: k, dir: -leaverSort.dir } : { key: k, dir: k === "customers" || k === "failed" ? -1 : 1 };
      leaverPage = 0;
      renderLeavers();
    };
    th.addEventListener("click", go);
    th.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); go(); } });
  }
  $("leaver-search").addEventListener("input", () => { leaverPage = 0; renderLeavers(); });
  $("page-prev").addEventListener("click", () => { leaverPage--; renderLeavers(); });
  $("page-next").addEventListener("click", () => { leaverPage++; renderLeavers(); });

  function renderFindings() {
    const sev = $("filter-sev").value, rule = $("filter-rule").value;
    const tb = $("findings").tBodies[0];
    tb.replaceChildren();
    let shown = 0;
    for (const f of result.findings) {
      if ((sev && f.severity !== sev) || (rule && f.rule !== rule)) continue;
      shown++;
      tb.append(el("tr", { "data-severity": f.severity, "data-rule": f.rule },
        el("td", {}, sevBadge(f.severity, f.severity_label)), el("td", { text: f.rule }),
        el("td", { text: f.member + (f.receiver ? " → " + f.receiver : "") }),
        el("td", { text: f.message }), el("td", { text: f.remediation })));
    }
    if (!result.findings.length) tb.append(el("tr", {}, el("td", { colspan: "5", class: "muted", text: T.no_findings })));
    $("findings-count").textContent = fill(T.shown_of, { shown: shown, total: result.findings.length });
  }
  $("filter-sev").addEventListener("change", renderFindings);
  $("filter-rule").addEventListener("change", renderFindings);

  async function runCheck() {
    const m = $("check-member").value.trim();
    const out = $("check-out");
    out.hidden = false;
    out.classList.remove("error");
    try { out.textContent = (await api("GET", "/api/check?member=" + encodeURIComponent(m))).text; }
    catch (e) { out.textContent = e.message; out.classList.add("error"); }
    $("check").scrollIntoView({ behavior: "smooth" });
  }
  $("check-form").addEventListener("submit", (e) => { e.preventDefault(); runCheck(); });

  // Start from what the server has (a reload keeps the files and the result).
  poll();
  setTimeout(watch, 2000);
})();

#!/usr/bin/env python3
"""Writes the shop's Grafana dashboards (observability/grafana/dashboards/*.json) from the panels below.

The dashboards are importable JSON; this script is where they are edited, so that the seven service dashboards
share their panels instead of repeating them. Run it after a change and commit what it writes:

    python3 observability/grafana/dashboards.py

Every panel's queries must return data while the shop runs under load: PrometheusIT runs each of them against a
Prometheus scraping the shop. Queries use $__rate_interval and $__range, and the variables declared here.
"""
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent / "dashboards"
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
SERVICES = ["web-gateway", "api-gateway", "product", "cart", "checkout", "payment", "content"]
# what each service's objective covers: the latency bound (seconds), and the routes left out (the gateways' checkout
# and payment routes wait for the payment processor; checkout's own objective covers them)
SLOW_BOUND = {"checkout": "2.5", "payment": "2.5"}
GATEWAY_ROUTES_LEFT_OUT = 'route!~"/api/v1/(checkout|payment)(/.*)?"'
REQUESTS = "ecommerce_requests_seconds"


def target(expr, legend="", exemplar=False, instant=False):
    return {"datasource": DATASOURCE, "expr": expr, "legendFormat": legend, "exemplar": exemplar,
            "instant": instant, "range": not instant, "refId": ""}


def panel(kind, title, targets, unit="short", description="", width=12, height=8, **options):
    field_config = {"defaults": {"unit": unit}, "overrides": []}
    field_config["defaults"].update(options.pop("defaults", {}))
    return {"type": kind, "title": title, "description": description, "datasource": DATASOURCE,
            "targets": targets, "fieldConfig": field_config, "gridPos": {"w": width, "h": height},
            "options": options}


def timeseries(title, targets, unit="short", description="", width=12, stacked=False):
    custom = {"stacking": {"mode": "normal" if stacked else "none"}, "fillOpacity": 20 if stacked else 0}
    return panel("timeseries", title, targets, unit, description, width, defaults={"custom": custom},
                 legend={"displayMode": "table", "placement": "right", "calcs": ["lastNotNull"]},
                 tooltip={"mode": "multi"})


def row(title):
    return {"type": "row", "title": title, "collapsed": False, "gridPos": {"w": 24, "h": 1}, "panels": []}


def slow_ratio(service, window):
    """The share of the service's requests slower than its objective's bound, as the rules compute it."""
    bound = SLOW_BOUND.get(service, "0.5")
    covered = f'service="{service}"' + ("" if service in SLOW_BOUND else f", {GATEWAY_ROUTES_LEFT_OUT}")
    return (f'1 - sum(rate({REQUESTS}_bucket{{{covered}, le="{bound}"}}[{window}]))'
            f' / sum(rate({REQUESTS}_count{{{covered}}}[{window}]))')


def red_panels(selector, by, legend):
    """Rate, errors and latency of the requests {selector} selects, one line per {by}."""
    return [
        timeseries("Requests per second", [target(f"sum by ({by}) (rate({REQUESTS}_count{{{selector}}}[$__rate_interval]))", legend)],
                   "reqps", stacked=True, width=8),
        timeseries("Errors (5xx), share of requests", [target(
            f'sum by ({by}) (rate({REQUESTS}_count{{{selector}, status=~"5.."}}[$__rate_interval]))'
            f" / sum by ({by}) (rate({REQUESTS}_count{{{selector}}}[$__rate_interval]))"
            f" or 0 * sum by ({by}) (rate({REQUESTS}_count{{{selector}}}[$__rate_interval]))", legend)],
                   "percentunit", width=8),
        timeseries("Latency p99 (dots: traces of slow requests)", [target(
            f"histogram_quantile(0.99, sum by ({by}, le) (rate({REQUESTS}_bucket{{{selector}}}[$__rate_interval])))",
            legend, exemplar=True)], "s", width=8,
            description="The 99th percentile of the time to answer. Each dot is an exemplar: a request's trace id "
                        "kept on its latency bucket; click it to open the trace in the tracing data source."),
    ]


def variant_annotations():
    return {"list": [
        {"builtIn": 1, "datasource": {"type": "grafana", "uid": "-- Grafana --"}, "enable": True, "hide": True,
         "iconColor": "rgba(0, 211, 255, 1)", "name": "Annotations & Alerts", "type": "dashboard"},
        {"datasource": DATASOURCE, "enable": True, "iconColor": "red", "name": "Variants",
         "expr": "max by (variant, service) (ecommerce_variant_active) > 0", "step": "15s",
         "titleFormat": "{{variant}}", "textFormat": "fault switched on, acting on {{service}}",
         "tagKeys": "variant,service", "useValueForTime": False}]}


def dashboard(uid, title, description, panels, variables=()):
    laid_out, x, y, row_height = [], 0, 0, 0
    for index, item in enumerate(panels, start=1):
        item = dict(item, id=index)
        width, height = item["gridPos"]["w"], item["gridPos"]["h"]
        if x + width > 24:
            x, y = 0, y + row_height
            row_height = 0
        item["gridPos"] = {"x": x, "y": y, "w": width, "h": height}
        for ref, query in zip("ABCDEFGH", item.get("targets", [])):
            query["refId"] = ref
        laid_out.append(item)
        x, row_height = x + width, max(row_height, height)
        if item["type"] == "row":
            x, y, row_height = 0, y + height, 0
    datasource = {"name": "datasource", "label": "Prometheus", "type": "datasource", "query": "prometheus",
                  "current": {}, "hide": 0}
    return {
        "uid": uid, "title": title, "description": description, "tags": ["ecommerce"], "editable": True,
        "schemaVersion": 39, "version": 1, "time": {"from": "now-1h", "to": "now"}, "refresh": "30s",
        "timezone": "", "graphTooltip": 1,
        "links": [{"title": "ecommerce dashboards", "type": "dashboards", "tags": ["ecommerce"], "asDropdown": True,
                   "includeVars": False, "keepTime": True}],
        "annotations": variant_annotations(),
        "templating": {"list": [datasource, *variables]},
        "panels": laid_out,
    }


def overview():
    services = f'service=~"{"|".join(SERVICES)}"'
    funnel = [
        target(f'sum(increase({REQUESTS}_count{{service="product", route="/search", status="200"}}[$__range]))',
               "1. home: catalogue searches", instant=True),
        target(f'sum(increase({REQUESTS}_count{{service="cart", method="PUT", status="200"}}[$__range]))',
               "2. cart: products added", instant=True),
        target(f'sum(increase({REQUESTS}_count{{service="checkout", route="/process", status="200"}}[$__range]))',
               "3. paid: orders placed", instant=True),
    ]
    panels = [
        row("Every service: rate, errors, latency"),
        *red_panels(services, "service", "{{service}}"),
        row("Objectives: the share of requests that failed or were slow, over the last hour"),
        timeseries("Failed (5xx) over 1h, against the 0.5% allowed", [
            target("service:ecommerce_requests_errors:ratio_rate1h", "{{service}}")], "percentunit",
            "The availability objective: 99.5% of requests without a 5xx. Recorded by rules.yml.", width=12),
        timeseries("Slower than the bound over 1h, against the 1% allowed", [
            target("service:ecommerce_requests_slow:ratio_rate1h", "{{service}}")], "percentunit",
            "The latency objective: 99% within 0.5 s (2.5 s for checkout and payment). Recorded by rules.yml.",
            width=12),
        row("Shopping"),
        panel("bargauge", "Checkout funnel over the time shown", funnel, "short",
              "Shoppers' steps: the home page's catalogue search, a product put into the cart, an order paid.",
              width=8, orientation="horizontal", displayMode="gradient",
              reduceOptions={"calcs": ["lastNotNull"]}),
        timeseries("Orders by status (the whole order store)", [
            target("max by (status) (ecommerce_orders)", "{{status}}")], "short", width=8,
            description="How many orders are in each status; every checkout reads the same table, so the max across "
                        "them."),
        timeseries("Oldest order still pending or paid", [
            target("max by (status) (ecommerce_orders_oldest_seconds)", "{{status}}")], "s", width=8,
            description="An order normally leaves pending and paid within seconds; minutes mean stuck (OrdersStuck)."),
        row("The JVMs"),
        timeseries("JVMs ready (/readyz)", [target("ecommerce_ready", "{{instance}}")], "short", width=8),
        timeseries("Heap used after collections, share of the maximum", [
            target("instance:jvm_heap_used_bytes:min5m / instance:jvm_heap_max_bytes:sum", "{{instance}}")],
            "percentunit", width=8),
        timeseries("Cluster members each JVM sees", [target("ecommerce_cluster_members", "{{instance}}")], width=8,
                   description="Only clustered JVMs (CLUSTERED=true) report it."),
    ]
    return dashboard("ecommerce-overview", "ecommerce: shop overview",
                     "Every service's rate, errors and latency, the objectives, the checkout funnel and the orders.",
                     panels)


def service_dashboard(service):
    selector = f'service="{service}"'
    panels = [
        row(f"{service}: by route"),
        *red_panels(selector, "route", "{{route}}"),
        timeseries("Answers by status", [
            target(f"sum by (status) (rate({REQUESTS}_count{{{selector}}}[$__rate_interval]))", "{{status}}")],
            "reqps", stacked=True, width=8),
        timeseries("Latency p50, p95, p99", [
            target(f"histogram_quantile({q}, sum by (le) (rate({REQUESTS}_bucket{{{selector}}}[$__rate_interval])))",
                   f"p{round(float(q) * 100)}", exemplar=True) for q in ("0.5", "0.95", "0.99")], "s", width=8),
        timeseries("Objectives: failed and slow, over 5 minutes and 1 hour", [
            target(f"service:ecommerce_requests_errors:ratio_rate5m{{{selector}}}", "failed, 5m"),
            target(f"service:ecommerce_requests_errors:ratio_rate1h{{{selector}}}", "failed, 1h"),
            target(slow_ratio(service, "5m"), "slow, 5m"),
            target(slow_ratio(service, "1h"), "slow, 1h")], "percentunit", width=8,
            description="Allowed: 0.5% failed, 1% slower than " + SLOW_BOUND.get(service, "0.5") + " s."),
    ]
    panels += SERVICE_EXTRAS.get(service, lambda: [])()
    return dashboard(f"ecommerce-{service}", f"ecommerce: {service}",
                     f"{service}'s requests by route: rate, errors, latency with exemplars, and its objectives.", panels)


def pool_panels(pool_type, pool_name, what):
    pool = f'pool_type="{pool_type}", pool_name="{pool_name}"'
    return [
        row(what),
        timeseries("In use, share of the pool", [target(f"max by (instance) (vertx_pool_ratio{{{pool}}})", "{{instance}}")],
                   "percentunit", width=8),
        timeseries("Waiting for a connection", [
            target(f"sum by (instance) (vertx_pool_queue_pending{{{pool}}})", "{{instance}}")], width=8),
        timeseries("Time waited for a connection (average)", [target(
            f"sum by (instance) (rate(vertx_pool_queue_time_seconds_sum{{{pool}}}[$__rate_interval]))"
            f" / sum by (instance) (rate(vertx_pool_queue_time_seconds_count{{{pool}}}[$__rate_interval]))",
            "{{instance}}")], "s", width=8),
    ]


def checkout_extras():
    return [
        row("Orders"),
        timeseries("Orders by status", [target("max by (status) (ecommerce_orders)", "{{status}}")], width=8),
        timeseries("Oldest order still pending or paid", [
            target("max by (status) (ecommerce_orders_oldest_seconds)", "{{status}}")], "s", width=8),
        timeseries("Checkouts answered, by status", [target(
            f'sum by (status) (rate({REQUESTS}_count{{service="checkout", route="/process"}}[$__rate_interval]))',
            "{{status}}")], "reqps", stacked=True, width=8),
        *pool_panels("sql", "checkout", "The order store's PostgreSQL pool"),
    ]


def payment_extras():
    process = 'service="payment", route="/process"'
    return [
        row("Charges"),
        timeseries("Charges declined (4xx), share of charges", [target(
            f'sum(rate({REQUESTS}_count{{{process}, status=~"4.."}}[$__rate_interval]))'
            f" / sum(rate({REQUESTS}_count{{{process}}}[$__rate_interval]))"
            f' or 0 * sum(rate({REQUESTS}_count{{{process}}}[$__rate_interval]))', "declined")],
            "percentunit", width=12, description="PaymentDeclinesHigh fires above 10% for 10 minutes."),
        timeseries("Charges by status", [target(
            f"sum by (status) (rate({REQUESTS}_count{{{process}}}[$__rate_interval]))", "{{status}}")],
            "reqps", stacked=True, width=12),
    ]


SERVICE_EXTRAS = {
    "product": lambda: pool_panels("sql", "product", "The catalogue's PostgreSQL pool"),
    "cart": lambda: pool_panels("redis", "cart-data", "cart-data: the Redis pool"),
    "web-gateway": lambda: pool_panels("redis", "session-data", "session-data: the Redis pool of the sessions"),
    "checkout": checkout_extras,
    "payment": payment_extras,
}


def jvm_dashboard():
    instance = 'instance=~"$instance"'
    variables = [{
        "name": "instance", "label": "JVM", "type": "query", "datasource": DATASOURCE,
        "query": {"query": 'label_values(up{job="ecommerce"}, instance)', "refId": "instances"},
        "definition": 'label_values(up{job="ecommerce"}, instance)', "includeAll": True, "multi": True,
        "allValue": ".*", "current": {"text": "All", "value": "$__all"}, "refresh": 2, "hide": 0}]
    panels = [
        row("Memory and CPU"),
        timeseries("Heap used and its floor after collections", [
            target(f"instance:jvm_heap_used_bytes:sum{{{instance}}}", "{{instance}} used"),
            target(f"instance:jvm_heap_used_bytes:min5m{{{instance}}}", "{{instance}} floor (least in 5m)"),
            target(f"instance:jvm_heap_max_bytes:sum{{{instance}}}", "{{instance}} max")], "bytes", width=8),
        timeseries("Garbage collection pauses", [target(
            f"sum by (instance, cause) (rate(jvm_gc_pause_seconds_sum{{{instance}}}[$__rate_interval]))",
            "{{instance}} {{cause}}")], "percentunit", width=8,
            description="Seconds paused per second: the share of time the JVM stood still."),
        timeseries("CPU used, share of the processors the JVM may use", [target(
            f"rate(process_cpu_time_ns_total{{{instance}}}[$__rate_interval]) / 1e9 / system_cpu_count{{{instance}}}",
            "{{instance}}")], "percentunit", width=8),
        row("Event loops"),
        timeseries("Ticks later than 250 ms (share of time stalled)", [target(
            f'1 - sum by (instance, loop) (rate(ecommerce_event_loop_delay_seconds_bucket{{{instance}, le="0.25"}}[$__rate_interval]))'
            f" / sum by (instance, loop) (rate(ecommerce_event_loop_delay_seconds_count{{{instance}}}[$__rate_interval]))",
            "{{instance}} loop {{loop}}")], "percentunit", width=12,
            description="EventLoopBlocked fires above 10% for 2 minutes."),
        timeseries("Tick delay p99", [target(
            f"histogram_quantile(0.99, sum by (instance, loop, le) (rate(ecommerce_event_loop_delay_seconds_bucket{{{instance}}}[$__rate_interval])))",
            "{{instance}} loop {{loop}}")], "s", width=12),
        row("Pools: PostgreSQL, Redis, worker threads"),
        timeseries("In use, share of each pool", [target(
            f'vertx_pool_ratio{{{instance}, pool_type=~"sql|redis|worker"}}',
            "{{instance}} {{pool_type}} {{pool_name}}")], "percentunit", width=8),
        timeseries("Waiting for the pool", [target(
            f'vertx_pool_queue_pending{{{instance}, pool_type=~"sql|redis|worker"}}',
            "{{instance}} {{pool_type}} {{pool_name}}")], width=8),
        timeseries("Time in use per acquisition (average)", [target(
            f'sum by (instance, pool_type, pool_name) (rate(vertx_pool_usage_seconds_sum{{{instance}, pool_type=~"sql|redis|worker"}}[$__rate_interval]))'
            f' / sum by (instance, pool_type, pool_name) (rate(vertx_pool_usage_seconds_count{{{instance}, pool_type=~"sql|redis|worker"}}[$__rate_interval]))',
            "{{instance}} {{pool_type}} {{pool_name}}")], "s", width=8),
        row("Event bus and HTTP"),
        timeseries("Event-bus messages handled per second, by address", [target(
            f"sum by (address) (rate(vertx_eventbus_processed_total{{{instance}}}[$__rate_interval]))", "{{address}}")],
            "ops", stacked=True, width=8),
        timeseries("Event-bus messages waiting, by address", [target(
            f"sum by (address) (vertx_eventbus_pending{{{instance}}})", "{{address}}")], width=8),
        timeseries("HTTP connections open", [target(
            f"sum by (instance) (vertx_http_server_active_connections{{{instance}}})", "{{instance}}")], width=8),
        row("Readiness and the cluster"),
        timeseries("Ready (/readyz)", [target(f"ecommerce_ready{{{instance}}}", "{{instance}}")], width=8),
        timeseries("Cluster members each JVM sees", [target(
            f"ecommerce_cluster_members{{{instance}}}", "{{instance}}")], width=8),
        timeseries("Threads", [target(f"jvm_threads_live_threads{{{instance}}}", "{{instance}}")], width=8),
    ]
    return dashboard("ecommerce-jvm", "ecommerce: JVMs, Vert.x and pools",
                     "Each JVM's heap, GC, CPU, event loops, pools, event bus, readiness and cluster view.",
                     panels, variables)


def main():
    OUT.mkdir(exist_ok=True)
    boards = [overview(), *(service_dashboard(service) for service in SERVICES), jvm_dashboard()]
    for board in boards:
        path = OUT / (board["uid"] + ".json")
        path.write_text(json.dumps(board, indent=2) + "\n")
        print(path.relative_to(OUT.parent.parent.parent))


if __name__ == "__main__":
    main()

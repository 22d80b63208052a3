// The render benchmark's baseline page script (bundled by bench/render.mjs with esbuild): Chart.js
// given every point, with `parsing: false` and its built-in LTTB decimation to about one point per pixel.
import { Chart, Decimation, LineController, LineElement, LinearScale, PointElement } from 'chart.js';
import { RUNS, makeSeries } from './render-data.mjs';

Chart.register(LineController, LineElement, PointElement, LinearScale, Decimation);

const COLOURS = [
  '#1a85ff',
  '#e51400',
  '#d18616',
  '#388a34',
  '#652d90',
  '#bf8803',
  '#1a85ff',
  '#e51400',
  '#d18616',
  '#388a34',
];
let datasets;
let chart;

window.__baseline = {
  /** Builds the {x, y} objects Chart.js takes with parsing off; returns the ms it took. */
  makePoints() {
    const columns = Array.from({ length: RUNS }, (_, run) => makeSeries(run));
    const t0 = performance.now();
    datasets = columns.map(({ steps, values }, run) => {
      const data = new Array(steps.length);
      for (let i = 0; i < steps.length; i++) data[i] = { x: steps[i], y: values[i] };
      return { label: `run ${run}`, data, borderColor: COLOURS[run], borderWidth: 1.5, pointRadius: 0, tension: 0 };
    });
    return performance.now() - t0;
  },
  /** Creates the chart in a box of the given CSS size; returns the canvas (drawn synchronously: animation is off). */
  render(width, height, samples) {
    const box = document.createElement('div');
    box.style.cssText = `position: relative; width: ${width}px; height: ${height}px`;
    const canvas = document.createElement('canvas');
    box.append(canvas);
    document.body.append(box);
    chart = new Chart(canvas, {
      type: 'line',
      data: { datasets },
      options: {
        parsing: false,
        normalized: true,
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        events: [],
        scales: { x: { type: 'linear' }, y: { type: 'linear' } },
        plugins: { decimation: { enabled: true, algorithm: 'lttb', samples } },
      },
    });
    return canvas;
  },
  /** Zooms the x axis the way chartjs-plugin-zoom does: new scale limits, then an update. */
  zoom(min, max) {
    chart.options.scales.x.min = min;
    chart.options.scales.x.max = max;
    chart.update('none');
  },
};

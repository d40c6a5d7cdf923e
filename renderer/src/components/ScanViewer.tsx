import { useCallback, useEffect, useRef, useState, type PointerEvent as ReactPointerEvent } from 'react';
import { BAND_COLOUR, band } from './confidence';

export interface Box {
  key: string;
  x: number;
  y: number;
  width: number;
  height: number;
  confidence: number;
  kind: 'field' | 'digit';
  selected?: boolean;
}

interface View {
  scale: number;
  x: number;
  y: number;
}

const SELECTED = '#2563eb';
const MIN_SCALE = 0.05;
const MAX_SCALE = 20;
const clampScale = (s: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, s));

/** Fits the rectangle (in image pixels) into the viewport with a margin. */
function fitTo(viewport: DOMRect, x: number, y: number, width: number, height: number, margin: number): View {
  const scale = clampScale(Math.min(viewport.width / (width + 2 * margin), viewport.height / (height + 2 * margin)));
  return {
    scale,
    x: viewport.width / 2 - (x + width / 2) * scale,
    y: viewport.height / 2 - (y + height / 2) * scale,
  };
}

/**
 * A scan with its field and digit boxes drawn over it, coloured by confidence. Wheel zooms about the pointer,
 * dragging pans, and the view fits the focused box (or the whole scan) whenever that changes.
 */
export function ScanViewer(props: {
  src: string | undefined;
  width: number;
  height: number;
  boxes: readonly Box[];
  focus?: Box;
  onSelectBox?: (key: string) => void;
}) {
  const { src, width, height, boxes, focus, onSelectBox } = props;
  const viewportRef = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<View>({ scale: 1, x: 0, y: 0 });
  const drag = useRef<{ x: number; y: number; view: View } | undefined>(undefined);

  const [fx, fy, fw, fh] = focus ? [focus.x, focus.y, focus.width, focus.height] : [0, 0, width, height];
  const fit = useCallback(() => {
    const viewport = viewportRef.current?.getBoundingClientRect();
    if (!viewport || fw === 0 || fh === 0) return;
    const margin = fw === width && fh === height ? 8 : Math.max(fw * 0.08, fh * 0.6);
    setView(fitTo(viewport, fx, fy, fw, fh, margin));
  }, [fx, fy, fw, fh, width, height]);

  useEffect(fit, [fit]);

  useEffect(() => {
    const element = viewportRef.current;
    if (!element) return;
    const onWheel = (event: WheelEvent) => {
      event.preventDefault();
      const rect = element.getBoundingClientRect();
      const px = event.clientX - rect.left;
      const py = event.clientY - rect.top;
      setView((v) => {
        const scale = clampScale(v.scale * Math.exp(-event.deltaY * 0.0015));
        const k = scale / v.scale;
        return { scale, x: px - (px - v.x) * k, y: py - (py - v.y) * k };
      });
    };
    element.addEventListener('wheel', onWheel, { passive: false });
    return () => element.removeEventListener('wheel', onWheel);
  }, []);

  const zoomBy = (factor: number) => {
    const rect = viewportRef.current?.getBoundingClientRect();
    if (!rect) return;
    const px = rect.width / 2;
    const py = rect.height / 2;
    setView((v) => {
      const scale = clampScale(v.scale * factor);
      const k = scale / v.scale;
      return { scale, x: px - (px - v.x) * k, y: py - (py - v.y) * k };
    });
  };

  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    drag.current = { x: event.clientX, y: event.clientY, view };
    event.currentTarget.setPointerCapture(event.pointerId);
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    const start = drag.current;
    if (!start) return;
    setView({ ...start.view, x: start.view.x + event.clientX - start.x, y: start.view.y + event.clientY - start.y });
  };
  const onPointerUp = () => {
    drag.current = undefined;
  };

  const stroke = 2 / view.scale;
  return (
    <div className="scan-viewer">
      <div
        ref={viewportRef}
        className="scan-viewport"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        data-testid="scan-viewer"
      >
        {src && (
          <div
            className="scan-layer"
            style={{ width, height, transform: `translate(${view.x}px, ${view.y}px) scale(${view.scale})` }}
          >
            <img src={src} width={width} height={height} alt="scan" draggable={false} />
            <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
              {boxes.map((box) => (
                <rect
                  key={box.key}
                  x={box.x}
                  y={box.y}
                  width={box.width}
                  height={box.height}
                  fill={box.kind === 'digit' ? BAND_COLOUR[band(box.confidence)] : 'none'}
                  fillOpacity={box.selected ? 0.28 : 0.1}
                  stroke={box.selected && box.kind === 'digit' ? SELECTED : BAND_COLOUR[band(box.confidence)]}
                  strokeWidth={box.selected ? stroke * 2 : stroke}
                  strokeDasharray={box.kind === 'field' ? `${stroke * 4} ${stroke * 2}` : undefined}
                  onClick={onSelectBox ? () => onSelectBox(box.key) : undefined}
                >
                  <title>{`${box.kind} · ${(box.confidence * 100).toFixed(1)}%`}</title>
                </rect>
              ))}
            </svg>
          </div>
        )}
        {!src && <div className="empty">No scan selected</div>}
      </div>
      <div className="scan-tools">
        <button type="button" onClick={() => zoomBy(1.25)} title="Zoom in">+</button>
        <button type="button" onClick={() => zoomBy(0.8)} title="Zoom out">−</button>
        <button type="button" onClick={fit} title="Fit">Fit</button>
        <span className="muted">{Math.round(view.scale * 100)}%</span>
      </div>
    </div>
  );
}

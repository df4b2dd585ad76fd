export * from './blackout-window-document';
export { blackoutWindowProjection, evolveBlackoutWindowDocument } from './blackout-window-projection';
export * from './blackout-window-queries';

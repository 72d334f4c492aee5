"""Pure analytics (no Django): periods, change detection, hot spots, displacement."""

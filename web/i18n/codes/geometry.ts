import type { SectionTexts } from './types'

export const zhCN: SectionTexts<'geometry'> = {
  nested_arrays: '{type} 的坐标嵌套层数不对。',
  position_form: '坐标点须为 [经度, 纬度],实际为 {position}。',
  position_not_numbers: '坐标须为有效数字,实际为 {position}。',
  coordinates_swapped: '坐标 [{lon}, {lat}] 似乎是 [纬度, 经度]:请按 [经度, 纬度] 填写。',
  coordinates_out_of_range: '坐标 [{lon}, {lat}] 超出经度 ±180、纬度 ±90 的范围。',
  line_too_short: '线至少需要 2 个点。',
  multiline_too_short: '多线中的每条线至少需要 2 个点。',
  multipoint_empty: '多点至少需要 1 个点。',
  too_many_vertices: '该几何图形的节点超过 {max} 个(设置项“{setting}”):请先简化。',
  multipolygon_empty: '多面至少需要 1 个面。',
  polygon_no_ring: '面缺少外环。',
  ring_too_short: '面的边界至少需要 4 个点(首尾相同)。',
  unclosed_ring: '面的边界未闭合:起点 [{first}],终点 [{last}]。',
  invalid: '几何图形无效:{reason}。',
}

export const en: SectionTexts<'geometry'> = {
  nested_arrays: 'The coordinates of the {type} are not nested to the right depth.',
  position_form: 'A position is [longitude, latitude], got {position}.',
  position_not_numbers: 'Coordinates must be valid numbers, got {position}.',
  coordinates_swapped: 'The position [{lon}, {lat}] looks like [latitude, longitude]: write [longitude, latitude].',
  coordinates_out_of_range: 'The position [{lon}, {lat}] is outside longitude ±180 / latitude ±90.',
  line_too_short: 'A line needs at least 2 points.',
  multiline_too_short: 'Each line of a multi-line needs at least 2 points.',
  multipoint_empty: 'A multi-point needs at least one point.',
  too_many_vertices: 'The geometry has more than {max} points (setting “{setting}”): simplify it first.',
  multipolygon_empty: 'A multi-polygon needs at least one polygon.',
  polygon_no_ring: 'The polygon has no outer ring.',
  ring_too_short: 'A polygon boundary needs at least 4 points (the first repeated last).',
  unclosed_ring: 'The polygon boundary is not closed: it starts at [{first}] and ends at [{last}].',
  invalid: 'Invalid geometry: {reason}.',
}

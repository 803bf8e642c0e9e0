// Names of things that message parameters refer to and no layer's enumeration names already:
// target classes of nearest/coverage (besides the facility kinds) and geometry types.
export const labelsZhCN = {
  targets: { road_hardened: '已建硬化路', road_any: '已建道路', water: '饮水工程', site: '安置点', hazard: '灾害隐患区' },
  geometry: { Point: '点', MultiPoint: '多点', LineString: '线', MultiLineString: '多线', Polygon: '面', MultiPolygon: '多面' },
  seconds: '{n} 秒',
  bytes: '{n} 字节',
  kb: '{n} KB',
  listSeparator: '、',
}

export const labelsEn: typeof labelsZhCN = {
  targets: { road_hardened: 'built hardened road', road_any: 'built road', water: 'water scheme', site: 'resettlement site', hazard: 'hazard zone' },
  geometry: { Point: 'point', MultiPoint: 'multi-point', LineString: 'line', MultiLineString: 'multi-line', Polygon: 'polygon', MultiPolygon: 'multi-polygon' },
  seconds: '{n} s',
  bytes: '{n} bytes',
  kb: '{n} KB',
  listSeparator: ', ',
}

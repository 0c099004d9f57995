package types

import (
	"maps"
	"strings"
)

// locatorIndex is the routing form of a service's locators: the fixed path segments and the
// locator taking an {id}. Built once from the generated tables, so the engine, the Lua layer and
// the simulator resolve paths the same way.
type locatorIndex struct {
	fixed map[string]*LocatorInfo
	param *LocatorInfo
}

var locatorIndexes = func() map[string]*locatorIndex {
	out := make(map[string]*locatorIndex, len(serviceInfos))
	for name, s := range serviceInfos {
		ix := &locatorIndex{fixed: make(map[string]*LocatorInfo, len(s.Locators))}
		for _, l := range s.Locators {
			switch {
			case strings.HasPrefix(l.Path, "{"):
				if len(l.Params) == 1 && ix.param == nil {
					ix.param = l
				}
			case len(l.Params) == 0:
				ix.fixed[l.Path] = l
			}
		}
		out[name] = ix
	}
	return out
}()

// FixedLocator returns the locator whose path is the segment seg ("nics"), or nil.
func (s *ServiceInfo) FixedLocator(seg string) *LocatorInfo {
	if ix := locatorIndexes[s.Name]; ix != nil {
		return ix.fixed[seg]
	}
	return nil
}

// FixedLocators returns the locators of fixed path segments, by segment (a copy).
func (s *ServiceInfo) FixedLocators() map[string]*LocatorInfo {
	if ix := locatorIndexes[s.Name]; ix != nil {
		return maps.Clone(ix.fixed)
	}
	return map[string]*LocatorInfo{}
}

// IDLocator returns the locator that takes an {id} segment, or nil when the service has none.
func (s *ServiceInfo) IDLocator() *LocatorInfo {
	if ix := locatorIndexes[s.Name]; ix != nil {
		return ix.param
	}
	return nil
}

// LocatorAt returns the locator a path segment selects: the fixed locator named seg first, then
// the {id} locator; nil when there is neither.
func (s *ServiceInfo) LocatorAt(seg string) *LocatorInfo {
	if l := s.FixedLocator(seg); l != nil {
		return l
	}
	return s.IDLocator()
}

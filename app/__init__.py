"""Lantai (兰台): archive digitization progress against plan targets."""

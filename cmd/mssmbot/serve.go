package main

import "github.com/spf13/cobra"

// STUB: mssmbot serve (issue 5).
func (a *app) serveCmd() *cobra.Command { return &cobra.Command{Use: "serve", Short: "Run the bot"} }

// STUB: mssmbot config check (issue 5).
func (a *app) configCmd() *cobra.Command { return &cobra.Command{Use: "config", Short: "Configuration"} }

// STUB: mssmbot index build (issue 5).
func (a *app) indexCmd() *cobra.Command { return &cobra.Command{Use: "index", Short: "Index"} }

package sam

import (
	"strconv"
	"strings"

	"github.com/cfn-lsp/cfn-lsp/internal/lang"
	"github.com/cfn-lsp/cfn-lsp/internal/template"
	"github.com/cfn-lsp/cfn-lsp/schema"
)

// The CloudFormation types of the resources the transform makes.
const (
	typeRole       = "AWS::IAM::Role"
	typePermission = "AWS::Lambda::Permission"
	typeMapping    = "AWS::Lambda::EventSourceMapping"
	typeRule       = "AWS::Events::Rule"
	typeSchedule   = "AWS::Scheduler::Schedule"
	typeQueue      = "AWS::SQS::Queue"
	typeQueuePol   = "AWS::SQS::QueuePolicy"
	typeTopic      = "AWS::SNS::Topic"
	typeRestAPI    = "AWS::ApiGateway::RestApi"
	typeRestStage  = "AWS::ApiGateway::Stage"
	typeHTTPAPI    = "AWS::ApiGatewayV2::Api"
	typeHTTPStage  = "AWS::ApiGatewayV2::Stage"
)

// part is a resource made under a name that starts with its maker's.
type part struct{ suffix, typ string }

// functionEvents lists what each event source type of a function makes,
// named after the function and the event ("MyFunctionMyEventPermission").
// Api events are apart: their permission is named after the stage too.
var functionEvents = map[string][]part{
	"S3":               {{"Permission", typePermission}},
	"SNS":              {{"", "AWS::SNS::Subscription"}},
	"Kinesis":          {{"", typeMapping}},
	"DynamoDB":         {{"", typeMapping}},
	"DocumentDB":       {{"", typeMapping}},
	"SQS":              {{"", typeMapping}},
	"MSK":              {{"", typeMapping}},
	"MQ":               {{"", typeMapping}},
	"SelfManagedKafka": {{"", typeMapping}},
	"HttpApi":          {{"Permission", typePermission}},
	"Schedule":         {{"", typeRule}, {"Permission", typePermission}},
	"CloudWatchEvent":  {{"", typeRule}, {"Permission", typePermission}},
	"EventBridgeRule":  {{"", typeRule}, {"Permission", typePermission}},
	"ScheduleV2":       {{"", typeSchedule}},
	"CloudWatchLogs":   {{"", "AWS::Logs::SubscriptionFilter"}, {"Permission", typePermission}},
	"IoTRule":          {{"", "AWS::IoT::TopicRule"}, {"Permission", typePermission}},
	"AlexaSkill":       {{"Permission", typePermission}},
}

// stateMachineEvents is functionEvents for state machines, which an event
// starts through a role.
var stateMachineEvents = map[string][]part{
	"Schedule":        {{"", typeRule}, {"Role", typeRole}},
	"CloudWatchEvent": {{"", typeRule}, {"Role", typeRole}},
	"EventBridgeRule": {{"", typeRule}, {"Role", typeRole}},
	"ScheduleV2":      {{"", typeSchedule}},
	"Api":             {{"Role", typeRole}},
}

// connectorParts are what a connector may make, by what its source and
// destination are.
var connectorParts = []part{
	{"Policy", "AWS::IAM::ManagedPolicy"}, {"QueuePolicy", typeQueuePol}, {"TopicPolicy", "AWS::SNS::TopicPolicy"},
	{"WriteLambdaPermission", typePermission}, {"EventBusPolicy", "AWS::Events::EventBusPolicy"},
}

// maker collects the resources the transform makes.
type maker struct {
	t   *template.Template
	out []*Made
	// implicit APIs the events of functions and state machines need.
	restAPI, httpAPI *template.Entry
}

func made(t *template.Template) []*Made {
	m := &maker{t: t}
	for _, e := range t.Resources {
		typ := e.Type()
		props := e.Get("Properties")
		switch typ {
		case Prefix + "Function":
			m.function(e, props)
		case Prefix + "StateMachine":
			m.stateMachine(e, props)
		case Prefix + "Api":
			m.restAPIParts(e, e.Name, props)
		case Prefix + "HttpApi":
			m.httpAPIParts(e, e.Name, props)
		case Prefix + "WebSocketApi":
			m.webSocketAPI(e, props)
		case Prefix + "Connector":
			m.connector(e, e.Name, props.Get("Destination"))
		case Prefix + "GraphQLApi":
			m.graphQLAPI(e, props)
		case Prefix + "CapacityProvider":
			if props.Get("OperatorRole") == nil {
				m.add(e, e.Key, e.Name+"OperatorRole", typeRole)
			}
		}
		if cs := e.Get("Connectors"); cs != nil && cs.Kind == template.Mapping {
			for _, c := range cs.Pairs {
				// An embedded connector is a connector named after both.
				m.add(e, c.Key, e.Name+c.Key.Value, Prefix+"Connector")
				m.connector(e, e.Name+c.Key.Value, c.Value.Get("Properties").Get("Destination"))
			}
		}
	}
	m.implicitAPIs()
	return m.out
}

// add records a made resource, unless the template already names it.
func (m *maker) add(from *template.Entry, at *template.Node, name, typ string) {
	if name == "" || m.t.Resource(name) != nil {
		return
	}
	for _, x := range m.out {
		if x.Name == name {
			return
		}
	}
	value := &template.Node{Kind: template.Mapping, Range: at.Range}
	key := &template.Node{Kind: template.Scalar, Value: "Type", Range: at.Range, Parent: value}
	value.Pairs = []*template.Pair{{Key: key, Value: &template.Node{Kind: template.Scalar, Value: typ, Range: at.Range, Parent: value}}}
	m.out = append(m.out, &Made{Name: name, Type: typ, From: from, At: at, Entry: &template.Entry{Name: name, Key: at, Value: value}})
}

// referable records a name the template may refer to through a SAM resource
// ("MyFunction.Alias"), of the type the translator says.
func (m *maker) referable(from *template.Entry, at *template.Node, name, property string) {
	m.referableAs(from.Type(), from, at, name, property)
}

// referableAs is referable for a resource of type typ named name: from
// itself, or an implicit API that from's events make.
func (m *maker) referableAs(typ string, from *template.Entry, at *template.Node, name, property string) {
	rt := schema.Default().WithSAM().ResourceType(typ)
	if rt == nil || rt.SAM == nil || rt.SAM.Referable[property] == "" {
		return
	}
	m.add(from, at, name+"."+property, rt.SAM.Referable[property])
}

// literal returns a plain string value, and whether n is one.
func literal(n *template.Node) (string, bool) {
	s, ok := n.Str()
	return s, ok && s != ""
}

// isAlnum reports whether s is letters and digits only.
func isAlnum(s string) bool { return s != "" && lang.Alphanumeric(s) == s }

func (m *maker) function(e *template.Entry, props *template.Node) {
	id := e.Name
	if mayLack(props.Get("Role")) {
		m.add(e, e.Key, id+"Role", typeRole)
	}
	if alias := props.Get("AutoPublishAlias"); alias != nil {
		m.referable(e, alias, id, "Version")
		m.referable(e, alias, id, "Alias")
		if name, ok := m.value(alias); ok {
			m.add(e, alias, id+"Alias"+strings.NewReplacer("-", "D", "_", "U").Replace(name), "AWS::Lambda::Alias")
		}
		if dp := props.Get("DeploymentPreference"); dp != nil {
			m.add(e, dp, id+"DeploymentGroup", "AWS::CodeDeploy::DeploymentGroup")
			m.add(e, dp, "ServerlessDeploymentApplication", "AWS::CodeDeploy::Application")
			if dp.Get("Role") == nil {
				m.add(e, dp, "CodeDeployServiceRole", typeRole)
			}
		}
	}
	if eic := props.Get("EventInvokeConfig"); eic != nil {
		m.add(e, eic, id+"EventInvokeConfig", "AWS::Lambda::EventInvokeConfig")
		for _, on := range []string{"OnSuccess", "OnFailure"} {
			d := eic.Get("DestinationConfig").Get(on)
			if d == nil || !mayLack(d.Get("Destination")) {
				continue
			}
			switch typ, _ := d.Get("Type").Str(); typ {
			case "SQS":
				m.add(e, d, id+"EventInvokeConfig"+on+"Queue", typeQueue)
				m.referable(e, d, id, "DestinationQueue")
			case "SNS":
				m.add(e, d, id+"EventInvokeConfig"+on+"Topic", typeTopic)
				m.referable(e, d, id, "DestinationTopic")
			}
		}
	}
	if url := props.Get("FunctionUrlConfig"); url != nil {
		m.add(e, url, id+"Url", "AWS::Lambda::Url")
		if auth, _ := url.Get("AuthType").Str(); auth == "NONE" {
			m.add(e, url, id+"UrlPublicPermissions", typePermission)
			m.add(e, url, id+"URLInvokeAllowPublicAccess", typePermission)
		}
	}
	m.events(e, props, functionEvents)
}

func (m *maker) stateMachine(e *template.Entry, props *template.Node) {
	id := e.Name
	if mayLack(props.Get("Role")) {
		m.add(e, e.Key, id+"Role", typeRole)
	}
	if alias := props.Get("AutoPublishAlias"); alias != nil {
		m.add(e, alias, id+"Version", "AWS::StepFunctions::StateMachineVersion")
		if name, ok := m.value(alias); ok {
			m.add(e, alias, id+"Alias"+name, "AWS::StepFunctions::StateMachineAlias")
		}
	}
	m.events(e, props, stateMachineEvents)
}

// events records what each of a resource's Events makes.
func (m *maker) events(e *template.Entry, props *template.Node, parts map[string][]part) {
	evs := props.Get("Events")
	if evs == nil || evs.Kind != template.Mapping {
		return
	}
	for _, ev := range evs.Pairs {
		typ, _ := ev.Value.Get("Type").Str()
		ep := ev.Value.Get("Properties")
		base := e.Name + ev.Key.Value
		for _, p := range parts[typ] {
			m.add(e, ev.Key, base+p.suffix, p.typ)
		}
		switch typ {
		case "SNS":
			// The topic invokes the function, or a queue it fills does.
			sub := ep.Get("SqsSubscription")
			if off, _ := sub.Str(); sub == nil || off == "false" {
				m.add(e, ev.Key, base+"Permission", typePermission)
				break
			}
			if sub.Get("QueueArn") == nil {
				m.add(e, ev.Key, base+"Queue", typeQueue)
			}
			m.add(e, ev.Key, base+"QueuePolicy", typeQueuePol)
			m.add(e, ev.Key, base+"EventSourceMapping", typeMapping)
		case "Schedule", "CloudWatchEvent", "EventBridgeRule", "ScheduleV2":
			if dlq := ep.Get("DeadLetterConfig"); dlq != nil {
				if t, _ := dlq.Get("Type").Str(); t == "SQS" {
					m.add(e, ev.Key, base+"Queue", typeQueue)
					m.add(e, ev.Key, base+"QueuePolicy", typeQueuePol)
				}
			}
			if typ == "ScheduleV2" && ep.Get("RoleArn") == nil {
				m.add(e, ev.Key, base+"Role", typeRole)
			}
		case "Cognito":
			m.add(e, ev.Key, e.Name+"CognitoPermission", typePermission)
		case "Api":
			api := ep.Get("RestApiId")
			stage, ok := "Prod", true
			if api == nil {
				if m.restAPI == nil {
					m.restAPI = e
				}
			} else if target := m.t.Resource(refName(api)); target != nil {
				stage, ok = stageName(target.Get("Properties").Get("StageName"))
			} else {
				ok = false
			}
			if stage == "" {
				stage = "Stage" // the stage's name is an intrinsic
			}
			if e.Type() == Prefix+"Function" && ok {
				m.add(e, ev.Key, base+"Permission"+stage, typePermission)
			}
		case "HttpApi":
			if ep.Get("ApiId") == nil && m.httpAPI == nil {
				m.httpAPI = e
			}
		}
	}
}

// refName returns the logical id a Ref names (or a plain string, which SAM
// reads as one), or "".
func refName(n *template.Node) string {
	if n.IsIntrinsic("Ref") {
		n = n.Arg
	}
	s, _ := n.Str()
	return s
}

// mayLack reports whether a property may be absent: it is, or it is a Fn::If
// with an AWS::NoValue branch (the transform then makes what it would stand for).
func mayLack(n *template.Node) bool {
	if n == nil {
		return true
	}
	_, yes, no, ok := n.IfArgs()
	return ok && (yes.IsNoValue() || no.IsNoValue())
}

// value returns a plain string, or the Default of the parameter a Ref names,
// which the translator reads it as.
func (m *maker) value(n *template.Node) (string, bool) {
	if s, ok := literal(n); ok {
		return s, true
	}
	if n.IsIntrinsic("Ref") {
		name, _ := n.Arg.Str()
		if p := m.t.Parameter(name); p != nil {
			return literal(p.Get("Default"))
		}
	}
	return "", false
}

// implicitAPIs records the APIs the transform makes for events that name
// none, configured by Globals.Api and Globals.HttpApi.
func (m *maker) implicitAPIs() {
	globals := m.t.Root.Get("Globals")
	if e := m.restAPI; e != nil {
		m.add(e, e.Key, "ServerlessRestApi", typeRestAPI)
		m.add(e, e.Key, "ServerlessRestApiProdStage", typeRestStage)
		m.referableAs(Prefix+"Api", e, e.Key, "ServerlessRestApi", "Stage")
		m.referableAs(Prefix+"Api", e, e.Key, "ServerlessRestApi", "Deployment")
		m.restAPIParts(e, "ServerlessRestApi", globals.Get("Api"))
	}
	if e := m.httpAPI; e != nil {
		m.add(e, e.Key, "ServerlessHttpApi", typeHTTPAPI)
		m.add(e, e.Key, "ServerlessHttpApiApiGatewayDefaultStage", typeHTTPStage)
		m.referableAs(Prefix+"HttpApi", e, e.Key, "ServerlessHttpApi", "Stage")
		m.httpAPIParts(e, "ServerlessHttpApi", globals.Get("HttpApi"))
	}
}

// stageName is the logical id part the transform gives an API's stage.
func stageName(stage *template.Node) (string, bool) {
	if stage == nil {
		return "", false
	}
	if s, ok := literal(stage); ok {
		return s, isAlnum(s)
	}
	return "", true // an intrinsic: the stage is MyApiStage
}

// restAPIParts records what an AWS::Serverless::Api (or the implicit
// ServerlessRestApi, configured by props) makes.
func (m *maker) restAPIParts(e *template.Entry, id string, props *template.Node) {
	at := e.Key
	if id == e.Name {
		m.referable(e, at, id, "Stage")
		m.referable(e, at, id, "Deployment")
		if s, ok := stageName(props.Get("StageName")); ok {
			m.add(e, at, id+s+"Stage", typeRestStage)
		}
	}
	if auth := props.Get("Auth").Get("Authorizers"); auth != nil && auth.Kind == template.Mapping {
		for _, a := range auth.Pairs {
			if a.Value.Get("FunctionArn") != nil {
				m.add(e, a.Key, id+a.Key.Value+"AuthorizerPermission", typePermission)
			}
		}
	}
	if up := props.Get("Auth").Get("UsagePlan"); up != nil {
		switch plan, _ := up.Get("CreateUsagePlan").Str(); plan {
		case "PER_API":
			m.add(e, up, id+"UsagePlan", "AWS::ApiGateway::UsagePlan")
			m.add(e, up, id+"ApiKey", "AWS::ApiGateway::ApiKey")
			m.add(e, up, id+"UsagePlanKey", "AWS::ApiGateway::UsagePlanKey")
		case "SHARED":
			m.add(e, up, "ServerlessUsagePlan", "AWS::ApiGateway::UsagePlan")
			m.add(e, up, "ServerlessApiKey", "AWS::ApiGateway::ApiKey")
			m.add(e, up, "ServerlessUsagePlanKey", "AWS::ApiGateway::UsagePlanKey")
		}
		if id == e.Name {
			for _, p := range []string{"UsagePlan", "UsagePlanKey", "ApiKey"} {
				m.referable(e, up, id, p)
			}
		}
	}
	if d := props.Get("Domain"); d != nil {
		if id == e.Name {
			m.referable(e, d, id, "DomainName")
			m.referable(e, d, id, "DomainNameV2")
		}
		m.mappings(e, d, id, "BasePathMapping", "AWS::ApiGateway::BasePathMapping")
	}
}

// mappings records the base path mappings of an API's custom domain: one per
// path of BasePath (named after the path's letters and digits), or one.
func (m *maker) mappings(e *template.Entry, d *template.Node, id, suffix, typ string) {
	paths := d.Get("BasePath")
	if s, ok := literal(paths); ok {
		paths = &template.Node{Kind: template.Sequence, Items: []*template.Node{{Kind: template.Scalar, Value: s, Range: paths.Range}}}
	}
	if paths == nil || paths.Kind != template.Sequence || len(paths.Items) == 0 {
		m.add(e, d, id+suffix, typ)
		return
	}
	for _, p := range paths.Items {
		if s, ok := literal(p); ok {
			m.add(e, d, id+lang.Alphanumeric(s)+suffix, typ)
		}
	}
}

// httpAPIParts records what an AWS::Serverless::HttpApi (or the implicit
// ServerlessHttpApi, configured by props) makes.
func (m *maker) httpAPIParts(e *template.Entry, id string, props *template.Node) {
	at := e.Key
	if id == e.Name {
		m.referable(e, at, id, "Stage")
		if stage := props.Get("StageName"); stage == nil {
			m.add(e, at, id+"ApiGatewayDefaultStage", typeHTTPStage)
		} else if s, ok := stageName(stage); ok {
			m.add(e, at, id+s+"Stage", typeHTTPStage)
		}
	}
	if auth := props.Get("Auth").Get("Authorizers"); auth != nil && auth.Kind == template.Mapping {
		for _, a := range auth.Pairs {
			if a.Value.Get("FunctionArn") != nil {
				m.add(e, a.Key, id+a.Key.Value+"AuthorizerPermission", typePermission)
			}
		}
	}
	if d := props.Get("Domain"); d != nil {
		if id == e.Name {
			m.referable(e, d, id, "DomainName")
		}
		m.mappings(e, d, id, "ApiMapping", "AWS::ApiGatewayV2::ApiMapping")
	}
}

func (m *maker) webSocketAPI(e *template.Entry, props *template.Node) {
	id := e.Name
	m.referable(e, e.Key, id, "Stage")
	if stage := props.Get("StageName"); stage == nil {
		m.add(e, e.Key, id+"DefaultStage", typeHTTPStage)
	} else if s, ok := stageName(stage); ok {
		m.add(e, e.Key, id+s+"Stage", typeHTTPStage)
	}
	if routes := props.Get("Routes"); routes != nil && routes.Kind == template.Mapping {
		for _, r := range routes.Pairs {
			name := lang.Alphanumeric(r.Key.Value)
			if name == "" {
				continue
			}
			name = strings.ToUpper(name[:1]) + name[1:]
			m.add(e, r.Key, id+name+"Route", "AWS::ApiGatewayV2::Route")
			m.add(e, r.Key, id+name+"Integration", "AWS::ApiGatewayV2::Integration")
			m.add(e, r.Key, id+name+"Permission", typePermission)
		}
	}
	if auth := props.Get("Auth"); auth != nil {
		m.add(e, auth, id+"ConnectAuthorizer", "AWS::ApiGatewayV2::Authorizer")
		m.add(e, auth, id+"AuthorizerPermission", typePermission)
	}
	if d := props.Get("Domain"); d != nil {
		m.referable(e, d, id, "DomainName")
		m.mappings(e, d, id, "ApiMapping", "AWS::ApiGatewayV2::ApiMapping")
	}
}

// connector records the policies and permissions a connector named id may
// make: with a list of destinations, one of each per destination.
func (m *maker) connector(e *template.Entry, id string, dest *template.Node) {
	at := e.Key
	for _, p := range connectorParts {
		if dest != nil && dest.Kind == template.Sequence {
			for i := range dest.Items {
				m.add(e, at, id+p.suffix+"Destination"+strconv.Itoa(i), p.typ)
			}
			continue
		}
		m.add(e, at, id+p.suffix, p.typ)
	}
}

func (m *maker) graphQLAPI(e *template.Entry, props *template.Node) {
	id := e.Name
	m.add(e, e.Key, id+"Schema", "AWS::AppSync::GraphQLSchema")
	// Logging is on unless it is false.
	if lg := props.Get("Logging"); lg.Get("CloudWatchLogsRoleArn") == nil {
		if s, _ := lg.Str(); s != "false" {
			m.add(e, e.Key, id+"CloudWatchRole", typeRole)
		}
	}
	ds := props.Get("DataSources")
	for _, kind := range []struct{ key, suffix, connector string }{{"DynamoDb", "DynamoDBDataSource", "ToTableConnectorPolicy"}, {"Lambda", "LambdaDataSource", "ToLambdaConnectorPolicy"}} {
		if src := ds.Get(kind.key); src != nil && src.Kind == template.Mapping {
			for _, d := range src.Pairs {
				base := id + d.Key.Value + kind.suffix
				m.add(e, d.Key, base, "AWS::AppSync::DataSource")
				if d.Value.Get("ServiceRoleArn") == nil {
					m.add(e, d.Key, base+"Role", typeRole)
					m.add(e, d.Key, base+kind.connector, "AWS::IAM::ManagedPolicy")
				}
			}
		}
	}
	m.add(e, e.Key, id+"NoneDataSource", "AWS::AppSync::DataSource")
	if fs := props.Get("Functions"); fs != nil && fs.Kind == template.Mapping {
		for _, f := range fs.Pairs {
			m.add(e, f.Key, id+f.Key.Value, "AWS::AppSync::FunctionConfiguration")
		}
	}
	if rs := props.Get("Resolvers"); rs != nil && rs.Kind == template.Mapping {
		for _, typ := range rs.Pairs {
			if typ.Value.Kind == template.Mapping {
				for _, r := range typ.Value.Pairs {
					m.add(e, r.Key, id+typ.Key.Value+r.Key.Value, "AWS::AppSync::Resolver")
				}
			}
		}
	}
	if ks := props.Get("ApiKeys"); ks != nil && ks.Kind == template.Mapping {
		for _, k := range ks.Pairs {
			m.add(e, k.Key, id+k.Key.Value, "AWS::AppSync::ApiKey")
		}
	}
	if c := props.Get("Cache"); c != nil {
		m.add(e, c, id+"ApiCache", "AWS::AppSync::ApiCache")
	}
	if d := props.Get("DomainName"); d != nil {
		m.add(e, d, id+"DomainName", "AWS::AppSync::DomainName")
		m.add(e, d, id+"DomainNameApiAssociation", "AWS::AppSync::DomainNameApiAssociation")
	}
}
